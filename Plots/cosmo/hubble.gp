# Gravitas figure 'hubble': run `gnuplot hubble.gp` in this directory to redraw
# hubble.png from hubble.dat.
if (!exists("outfile")) outfile = 'hubble.png'
set encoding utf8
set terminal pngcairo size 1000,700 enhanced font 'DejaVu Sans,14' linewidth 1.2
set output outfile
set grid lc rgb '#d0d0d0'
set border lw 1.2
set multiplot
set origin 0,0.2850
set size 1,0.6650
set lmargin 12
set rmargin 4
set bmargin 0.5
set tmargin -1
set title 'Hubble diagram: out-of-fold MLP ensemble' noenhanced
set xlabel '' noenhanced
set ylabel 'm_b_corr (mag)' noenhanced
set logscale x
unset logscale y
set format x ''
set format y '% h'
set xrange [*:*]
set yrange [*:*]
set key bottom right box opaque samplen 2 spacing 1.2
unset arrow
unset label
plot 'hubble.dat' index 0 using 1:2:3 with yerrorbars pointtype 7 pointsize 0.9 linecolor rgb '#1f77b4' title 'Pantheon+ (diagonal errors)' noenhanced, \
     'hubble.dat' index 1 using 1:2:3 with filledcurves fillstyle transparent solid 0.25 noborder linecolor rgb '#ff7f0e' title 'ensemble mean ± std' noenhanced, \
     'hubble.dat' index 2 using 1:2 with lines linewidth 2 linecolor rgb '#ff7f0e' title 'MLP' noenhanced, \
     'hubble.dat' index 3 using 1:2 with lines linewidth 2 linecolor rgb '#2ca02c' title 'flat ΛCDM, Ωm = 0.378' noenhanced
set origin 0,0.0000
set size 1,0.2850
set lmargin 12
set rmargin 4
set bmargin -1
set tmargin 0.5
set title '' noenhanced
set xlabel 'zCMB (redshift)' noenhanced
set ylabel 'data − MLP (mag)' noenhanced
set logscale x
unset logscale y
set format x '10^{%L}'
set format y '% h'
set xrange [*:*]
set yrange [*:*]
set key top right box opaque samplen 2 spacing 1.2
unset arrow
unset label
plot 'hubble.dat' index 4 using 1:2:3 with yerrorbars pointtype 7 pointsize 0.9 linecolor rgb '#1f77b4' title 'residual' noenhanced, \
     'hubble.dat' index 5 using 1:2 with lines linewidth 2 linecolor rgb '#ff7f0e' notitle
unset multiplot
