set terminal png size 1100,700
set output 'doc/results-throughput.png'
set title "sun4v-dmabench (git 36d3257c6179): throughput vs frame size, pacing on, engine inline, modeled hv_lat_ns=500" noenhanced
set xlabel 'frame size (bytes, incl. CRC)'
set ylabel 'Mpps per port (log scale)'
set logscale y
set grid
set key outside right noenhanced
set xrange [48:1600]
line(x) = 40 * 1000.0 / ((x + 20) * 8)
plot line(x) title '40 GbE line rate' with lines dt 2 lw 2 lc rgb 'gray50', \
  'doc/results-throughput.png.dat' index 0 using 1:2 with linespoints lw 2 title 'pool/atu', \
  'doc/results-throughput.png.dat' index 1 using 1:2 with linespoints lw 2 title 'map/atu'
