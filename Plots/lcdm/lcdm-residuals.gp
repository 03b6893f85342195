# Gravitas figure 'lcdm-residuals': run `gnuplot lcdm-residuals.gp` in this directory to redraw
# lcdm-residuals.png from lcdm-residuals.dat.
if (!exists("outfile")) outfile = 'lcdm-residuals.png'
set encoding utf8
if (!exists("format")) format = 'png'
if (format eq 'pdf') {
  set terminal pdfcairo size 13.889in,9.722in enhanced font 'DejaVu Sans,14' linewidth 1.2
} else {
  set terminal pngcairo size 1000,700 enhanced font 'DejaVu Sans,14' linewidth 1.2
}
set output outfile
set grid lc rgb '#d0d0d0'
set border lw 1.2
set title 'Hubble residuals, Pantheon+SH0ES, against flat ΛCDM (Ωm = 0.350)' noenhanced
set xlabel 'redshift z' noenhanced
set ylabel 'm − m(flat ΛCDM) (mag)' noenhanced
set logscale x
unset logscale y
set xrange [0.008639117291974453:2.6594753171534977]
set xtics autofreq
set format x '%g'
set yrange [-0.33098217750241066:0.3745412153157881]
set ytics 0.05
set format y '%.2f'
set key top left box opaque samplen 2 spacing 1.2
unset arrow
unset label
set bars 1
plot 'lcdm-residuals.dat' index 0 using 1:2 with points pointtype 7 pointsize 0.35 linecolor rgb '#b8b8b8' title 'Pantheon+SH0ES, each supernova' noenhanced, \
     'lcdm-residuals.dat' index 1 using 1:2 with lines linewidth 2 linecolor rgb '#d62728' title 'flat ΛCDM' noenhanced, \
     'lcdm-residuals.dat' index 2 using 1:2 with lines linewidth 2 linecolor rgb '#ff7f0e' title 'best non-flat: Ωm = 0.299, ΩΛ = 0.579' noenhanced, \
     'lcdm-residuals.dat' index 3 using 1:2 with lines linewidth 2 linecolor rgb '#2ca02c' title 'best ΩΛ = 0: Ωm = 0.000' noenhanced, \
     'lcdm-residuals.dat' index 4 using 1:2:3 with yerrorbars pointtype 7 pointsize 0.9 linewidth 0.8 linecolor rgb '#303030' title 'binned means (weights 1/σᵢ², diagonal errors)' noenhanced
