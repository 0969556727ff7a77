// Runs GVE-Leiden (Sahu 2023, "GVE-Leiden: Fast Leiden Algorithm for Community Detection in
// Shared Memory Setting", puzzlef/leiden-communities-openmp) on one Matrix Market file and
// writes what the communities benchmark needs. This file is RingScope's; the algorithm is
// compiled from a fetched copy of GVE-Leiden's headers by Benchmarks/gve/build.sh and is never
// committed here.
//
// usage: gve_leiden GRAPH.mtx MEMBERSHIP_OUT THREADS
//   GRAPH.mtx       'u v w' lines, 1-based, each undirected edge once (made by gve_peer.py)
//   MEMBERSHIP_OUT  one line per vertex 1..n: its community
// stdout: one JSON object {"seconds": …, "passes": …, "iterations": …}; seconds is the
// algorithm alone as GVE-Leiden measures it (loading and symmetrising excluded), default options.
#include <cstdio>
#include <cstdlib>
#include "inc/main.hxx"

int main(int argc, char **argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: gve_leiden GRAPH.mtx MEMBERSHIP_OUT THREADS\n");
    return 64;
  }
  using K = uint32_t;
  int threads = std::atoi(argv[3]);
  omp_set_num_threads(threads);
  DiGraph<K, None, float> graph;
  readMtxOmpW(graph, argv[1], true);
  graph = symmetricizeOmp(graph);
  auto result = leidenStaticOmp(graph, {1});
  FILE *out = std::fopen(argv[2], "w");
  if (!out) { std::perror(argv[2]); return 1; }
  for (size_t u = 1; u < graph.span(); ++u) std::fprintf(out, "%zu %u\n", u, result.membership[u]);
  std::fclose(out);
  std::printf("{\"seconds\": %.6f, \"passes\": %d, \"iterations\": %d, \"threads\": %d}\n",
              result.time / 1000.0, result.passes, result.iterations, threads);
  return 0;
}
