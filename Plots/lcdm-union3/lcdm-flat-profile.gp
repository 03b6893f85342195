# Gravitas figure 'lcdm-flat-profile': run `gnuplot lcdm-flat-profile.gp` in this directory to redraw
# lcdm-flat-profile.png from lcdm-flat-profile.dat.
if (!exists("outfile")) outfile = 'lcdm-flat-profile.png'
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
set title 'flat ΛCDM, union3: Δχ²(Ωm), M profiled' noenhanced
set xlabel 'Ωm (matter density today)' noenhanced
set ylabel 'Δχ² from the minimum' noenhanced
unset logscale x
unset logscale y
set xrange [0.24552835950599844:0.4663199038690213]
set xtics 0.02
set format x '%.2f'
set yrange [-0.5:10.0]
set ytics 1.0
set format y '%.0f'
set key top left box opaque samplen 2 spacing 1.2
unset arrow
unset label
set arrow 1 from first 0.3294806521329058, graph 0 to first 0.3294806521329058, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb '#444444' front
set label 1 'Ωm = 0.329' at first 0.3294806521329058, graph 0.03 rotate by 90 offset character 1.2,0 left front noenhanced textcolor rgb '#222222'
set arrow 2 from first 0.3835230747328877, graph 0 to first 0.3835230747328877, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb '#444444' front
set label 2 'Ωm = 0.384' at first 0.3835230747328877, graph 0.03 rotate by 90 offset character 1.2,0 left front noenhanced textcolor rgb '#222222'
set bars 1
plot 'lcdm-flat-profile.dat' index 0 using 1:2 with lines linewidth 2 linecolor rgb '#2171b5' title 'full covariance' noenhanced, \
     'lcdm-flat-profile.dat' index 1 using 1:2 with lines linewidth 2 linecolor rgb '#737373' title 'diagonal errors only' noenhanced, \
     'lcdm-flat-profile.dat' index 2 using 1:2 with lines linewidth 2 linecolor rgb '#d62728' title 'Δχ² = 1 (68.3 %, one parameter)' noenhanced
