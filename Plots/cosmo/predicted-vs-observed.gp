# Gravitas figure 'predicted-vs-observed': run `gnuplot predicted-vs-observed.gp` in this directory to redraw
# predicted-vs-observed.png from predicted-vs-observed.dat.
if (!exists("outfile")) outfile = 'predicted-vs-observed.png'
set encoding utf8
set terminal pngcairo size 1000,700 enhanced font 'DejaVu Sans,14' linewidth 1.2
set output outfile
set grid lc rgb '#d0d0d0'
set border lw 1.2
set title 'predicted against observed' noenhanced
set xlabel 'observed m_b_corr (mag)' noenhanced
set ylabel 'predicted m_b_corr (mag)' noenhanced
unset logscale x
unset logscale y
set format x '% h'
set format y '% h'
set xrange [*:*]
set yrange [*:*]
set key top right box opaque samplen 2 spacing 1.2
unset arrow
unset label
plot 'predicted-vs-observed.dat' index 0 using 1:2 with points pointtype 7 pointsize 1.3 linecolor rgb '#1f77b4' title 'out-of-fold' noenhanced, \
     'predicted-vs-observed.dat' index 1 using 1:2 with lines linewidth 2 linecolor rgb '#ff7f0e' title 'y = x' noenhanced
