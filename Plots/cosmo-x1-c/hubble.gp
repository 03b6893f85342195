# Gravitas figure 'hubble': run `gnuplot hubble.gp` in this directory to redraw
# hubble.png from hubble.dat.
if (!exists("outfile")) outfile = 'hubble.png'
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
set origin 0,0.2850
set size 1,0.6650
set lmargin 12
set rmargin 4
set bmargin 0.5
set tmargin -1
set title 'Hubble diagram: out-of-fold MLP ensemble' noenhanced
set xlabel '' noenhanced
set ylabel 'mB (mag)' noenhanced
set logscale x
unset logscale y
set xrange [0.007808303285948346:2.667234127224424]
set xtics autofreq
set format x ''
set yrange [12.45647945:27.786531550000003]
set ytics 2.0
set format y '%.0f'
set key top left box opaque samplen 2 spacing 1.2
unset arrow
unset label
set bars 0
plot 'hubble.dat' index 0 using 1:2 with points pointtype 7 pointsize 0.35 linecolor rgb '#1f77b4' title 'MLP at each supernova''s x1, c' noenhanced, \
     'hubble.dat' index 1 using 1:2:3 with yerrorbars pointtype 7 pointsize 0.5 linewidth 0.8 linecolor rgb '#80505050' title 'Pantheon+ (diagonal errors)' noenhanced, \
     'hubble.dat' index 2 using 1:2 with lines linewidth 2 linecolor rgb '#ff7f0e' title 'flat ΛCDM, Ωm = 0.393 (x1 = 0, c = 0)' noenhanced
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
set xrange [0.007808303285948346:2.6672341272244213]
set xtics autofreq
set format x '%g'
set yrange [-1.4739715157193587:1.3851959898136577]
set ytics 1.0
set format y '%.0f'
unset key
unset arrow
unset label
set bars 0
plot 'hubble.dat' index 3 using 1:2:3 with yerrorbars pointtype 7 pointsize 0.5 linewidth 0.8 linecolor rgb '#505050' notitle, \
     'hubble.dat' index 4 using 1:2 with lines linewidth 2 linecolor rgb '#1f77b4' notitle
unset multiplot
