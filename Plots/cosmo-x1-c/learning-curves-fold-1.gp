# Gravitas figure 'learning-curves-fold-1': run `gnuplot learning-curves-fold-1.gp` in this directory to redraw
# learning-curves-fold-1.png from learning-curves-fold-1.dat.
if (!exists("outfile")) outfile = 'learning-curves-fold-1.png'
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
set multiplot
set origin 0,0.4275
set size 1,0.5225
set lmargin 12
set rmargin 4
set bmargin 0.5
set tmargin -1
set title 'fold 1: mean member χ²/N' noenhanced
set xlabel '' noenhanced
set ylabel 'χ²/N' noenhanced
unset logscale x
set logscale y
set xrange [0.0:1999.0]
set xtics 200.0
set format x ''
set yrange [0.330549962353167:247.0792546619268]
set ytics autofreq
set format y '%g'
set key top left box opaque samplen 2 spacing 1.2
unset arrow
unset label
set arrow 1 from first 1996.0, graph 0 to first 1996.0, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb '#444444' front
set label 1 'best epoch 1996' at first 1996.0, graph 0.03 rotate by 90 offset character -1.0,0 left front noenhanced textcolor rgb '#222222'
set bars 1
plot 'learning-curves-fold-1.dat' index 0 using 1:2 with lines linewidth 2 linecolor rgb '#1f77b4' title 'training' noenhanced, \
     'learning-curves-fold-1.dat' index 1 using 1:2 with lines linewidth 2 linecolor rgb '#ff7f0e' title 'validation' noenhanced
set origin 0,0.0000
set size 1,0.4275
set lmargin 12
set rmargin 4
set bmargin -1
set tmargin 0.5
set title '' noenhanced
set xlabel 'epoch' noenhanced
set ylabel 'Δχ² from the best epoch' noenhanced
unset logscale x
unset logscale y
set xrange [0.0:1999.0]
set xtics 200.0
set format x '%.0f'
set yrange [-1.0:2.0]
set ytics 1.0
set format y '%.0f'
set key top left box opaque samplen 2 spacing 1.2
unset arrow
unset label
set arrow 1 from first 1996.0, graph 0 to first 1996.0, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb '#444444' front
set label 1 'best epoch 1996' at first 1996.0, graph 0.03 rotate by 90 offset character -1.0,0 left front noenhanced textcolor rgb '#222222'
set bars 1
plot 'learning-curves-fold-1.dat' index 2 using 1:2 with lines linewidth 2 linecolor rgb '#1f77b4' title 'training' noenhanced, \
     'learning-curves-fold-1.dat' index 3 using 1:2 with lines linewidth 2 linecolor rgb '#ff7f0e' title 'validation' noenhanced, \
     'learning-curves-fold-1.dat' index 4 using 1:2 with lines linewidth 2 linecolor rgb '#2ca02c' title 'Δχ² = 1.0 (threshold)' noenhanced
unset multiplot
