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
set title 'flat ΛCDM, Pantheon+SH0ES: Δχ²(Ωm), M profiled' noenhanced
set xlabel 'Ωm (matter density today)' noenhanced
set ylabel 'Δχ² from the minimum' noenhanced
unset logscale x
unset logscale y
set xrange [0.27424039277791534:0.42654078579177357]
set xtics 0.01
set format x '%.2f'
set yrange [-0.5:10.0]
set ytics 1.0
set format y '%.0f'
set key top left box opaque samplen 2 spacing 1.2
unset arrow
unset label
set arrow 1 from first 0.3317887726981349, graph 0 to first 0.3317887726981349, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb '#444444' front
set label 1 'Ωm = 0.332' at first 0.3317887726981349, graph 0.03 rotate by 90 offset character 1.2,0 left front noenhanced textcolor rgb '#222222'
set arrow 2 from first 0.36942813841157673, graph 0 to first 0.36942813841157673, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb '#444444' front
set label 2 'Ωm = 0.369' at first 0.36942813841157673, graph 0.03 rotate by 90 offset character 1.2,0 left front noenhanced textcolor rgb '#222222'
set bars 1
plot 'lcdm-flat-profile.dat' index 0 using 1:2 with lines linewidth 2 linecolor rgb '#2171b5' title 'diagonal errors' noenhanced, \
     'lcdm-flat-profile.dat' index 1 using 1:2 with lines linewidth 2 linecolor rgb '#d62728' title 'Δχ² = 1 (68.3 %, one parameter)' noenhanced
