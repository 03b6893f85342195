# Gravitas figure 'param-importances': run `gnuplot param-importances.gp` in this directory to redraw
# param-importances.png from param-importances.dat.
if (!exists("outfile")) outfile = 'param-importances.png'
set encoding utf8
set terminal pngcairo size 1000,700 enhanced font 'DejaVu Sans,14' linewidth 1.2
set output outfile
set grid lc rgb '#d0d0d0'
set border lw 1.2
set key top right box opaque samplen 2 spacing 1.2
set title 'x1c: parameter importances for cv_chi2_per_n' noenhanced
set xlabel '' noenhanced
set ylabel 'importance' noenhanced
set style fill solid 0.6
set boxwidth 0.6
set yrange [0:*]
set xtics rotate by -30
unset key
plot 'param-importances.dat' using 1:2:xtic(3) with boxes linecolor rgb '#1f77b4' notitle
