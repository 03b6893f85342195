# Gravitas figure 'lcdm-contours': run `gnuplot lcdm-contours.gp` in this directory to redraw
# lcdm-contours.png from lcdm-contours.dat.
if (!exists("outfile")) outfile = 'lcdm-contours.png'
set encoding utf8
if (!exists("format")) format = 'png'
if (format eq 'pdf') {
  set terminal pdfcairo size 13.889in,11.111in enhanced font 'DejaVu Sans,14' linewidth 1.2
} else {
  set terminal pngcairo size 1000,800 enhanced font 'DejaVu Sans,14' linewidth 1.2
}
set output outfile
set grid lc rgb '#d0d0d0'
set border lw 1.2
set title 'non-flat ΛCDM, union3: 1σ, 2σ, 3σ regions (Δχ² = 2.30, 6.18, 11.83), M profiled' noenhanced
set xlabel 'Ωm (matter density today)' noenhanced
set ylabel 'ΩΛ (dark-energy density today)' noenhanced
unset logscale x
unset logscale y
set xrange [0.0:0.7]
set xtics 0.05
set format x '%.2f'
set yrange [-1.0:1.3800000000000003]
set ytics 0.2
set format y '%.1f'
set key below center horizontal maxrows 3 nobox samplen 3 spacing 1.2 height 1
unset arrow
unset label
set bars 1
plot 'lcdm-contours.dat' index 0 using 1:2 with lines linewidth 2 linecolor rgb '#08306b' title 'full covariance (1σ, 2σ, 3σ)' noenhanced, \
     'lcdm-contours.dat' index 1 using 1:2 with lines linewidth 2 linecolor rgb '#2171b5' notitle, \
     'lcdm-contours.dat' index 2 using 1:2 with lines linewidth 2 linecolor rgb '#6baed6' notitle, \
     'lcdm-contours.dat' index 3 using 1:2 with lines linewidth 2 dashtype 2 linecolor rgb '#252525' title 'diagonal errors only (1σ, 2σ, 3σ)' noenhanced, \
     'lcdm-contours.dat' index 4 using 1:2 with lines linewidth 2 dashtype 2 linecolor rgb '#737373' notitle, \
     'lcdm-contours.dat' index 5 using 1:2 with lines linewidth 2 dashtype 2 linecolor rgb '#bdbdbd' notitle, \
     'lcdm-contours.dat' index 6 using 1:2 with lines linewidth 2 linecolor rgb '#d62728' title 'flat (Ωm + ΩΛ = 1)' noenhanced, \
     'lcdm-contours.dat' index 7 using 1:2 with lines linewidth 2 linecolor rgb '#303030' title 'no acceleration (q₀ = 0)' noenhanced, \
     'lcdm-contours.dat' index 8 using 1:2 with points pointtype 7 pointsize 1.3 linecolor rgb '#ff7f0e' title 'best fit (0.288, 0.509)' noenhanced, \
     'lcdm-contours.dat' index 9 using 1:2 with points pointtype 7 pointsize 1.3 linecolor rgb '#d62728' title 'best flat (Ωm = 0.356)' noenhanced
