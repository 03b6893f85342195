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
set title 'Hubble residuals, union3, against flat ΛCDM (Ωm = 0.356)' noenhanced
set xlabel 'redshift z' noenhanced
set ylabel 'm − m(flat ΛCDM) (mag)' noenhanced
set logscale x
unset logscale y
set xrange [0.04459671081719183:2.5363529714930326]
set xtics (0.05, 0.1, 0.2, 0.5, 1.0, 2.0)
set format x '%g'
set yrange [-0.4929714242085933:0.35358617935717446]
set ytics 0.1
set format y '%.1f'
set key top left box opaque samplen 2 spacing 1.2
unset arrow
unset label
set bars 1
plot 'lcdm-residuals.dat' index 0 using 1:2:3 with yerrorbars pointtype 7 pointsize 0.9 linewidth 0.8 linecolor rgb '#303030' title 'union3, error bars √Cᵢᵢ' noenhanced, \
     'lcdm-residuals.dat' index 1 using 1:2 with lines linewidth 2 linecolor rgb '#d62728' title 'flat ΛCDM' noenhanced, \
     'lcdm-residuals.dat' index 2 using 1:2 with lines linewidth 2 linecolor rgb '#ff7f0e' title 'best non-flat: Ωm = 0.288, ΩΛ = 0.509' noenhanced, \
     'lcdm-residuals.dat' index 3 using 1:2 with lines linewidth 2 linecolor rgb '#2ca02c' title 'best ΩΛ = 0: Ωm = 0.071' noenhanced
