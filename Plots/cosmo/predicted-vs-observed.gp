# Gravitas figure 'predicted-vs-observed': run `gnuplot predicted-vs-observed.gp` in this directory to redraw
# predicted-vs-observed.png from predicted-vs-observed.dat.
if (!exists("outfile")) outfile = 'predicted-vs-observed.png'
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
set title 'predicted against observed' noenhanced
set xlabel 'observed m_b_corr (mag)' noenhanced
set ylabel 'predicted m_b_corr (mag)' noenhanced
unset logscale x
unset logscale y
set xrange [13.124298000000001:27.331902]
set xtics 1.0
set format x '%.0f'
set yrange [12.85623:27.59997]
set ytics 2.0
set format y '%.0f'
set key top left box opaque samplen 2 spacing 1.2
unset arrow
unset label
set bars 1
plot 'predicted-vs-observed.dat' index 0 using 1:2 with lines linewidth 2 linecolor rgb '#ff7f0e' title 'y = x' noenhanced, \
     'predicted-vs-observed.dat' index 1 using 1:2 with points pointtype 7 pointsize 0.6 linecolor rgb '#505050' title 'out-of-fold' noenhanced
