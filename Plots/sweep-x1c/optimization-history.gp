# Gravitas figure 'optimization-history': run `gnuplot optimization-history.gp` in this directory to redraw
# optimization-history.png from optimization-history.dat.
if (!exists("outfile")) outfile = 'optimization-history.png'
set encoding utf8
set terminal pngcairo size 1000,700 enhanced font 'DejaVu Sans,14' linewidth 1.2
set output outfile
set grid lc rgb '#d0d0d0'
set border lw 1.2
set key top right box opaque samplen 2 spacing 1.2
set title 'x1c: optimisation history' noenhanced
set xlabel 'trial' noenhanced
set ylabel 'cv_chi2_per_n' noenhanced
set logscale y
set offsets 0.5, 0.5, 0, 0
plot 'optimization-history.dat' index 0 using 1:2 with points pointtype 7 pointsize 1.2 linecolor rgb '#1f77b4' title 'completed' noenhanced, \
     'optimization-history.dat' index 0 using 1:3 with steps linewidth 2 linecolor rgb '#d62728' title 'best so far' noenhanced, \
     'optimization-history.dat' index 1 using 1:2 with points pointtype 6 pointsize 1.2 linecolor rgb '#7f7f7f' title 'pruned (last reported val_chi2_per_n)' noenhanced
