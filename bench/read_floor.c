/* The floor of reading a versions folder: list it, sort the names, read each
 * file whole, and nothing else (bench/floor.sh compiles and runs it beside
 * strata). Usage: read_floor DIR */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int by_name(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  DIR* dir = opendir(argv[1]);
  if (!dir) return perror(argv[1]), 1;
  size_t count = 0, cap = 1024;
  char** names = malloc(cap * sizeof *names);
  for (struct dirent* e; (e = readdir(dir));) {
    if (e->d_name[0] == '.') continue;
    if (count == cap) names = realloc(names, (cap *= 2) * sizeof *names);
    names[count++] = strdup(e->d_name);
  }
  closedir(dir);
  qsort(names, count, sizeof *names, by_name);
  static char buf[1 << 16];
  size_t total = 0;
  int folder = open(argv[1], O_RDONLY | O_DIRECTORY);
  if (folder < 0) return perror(argv[1]), 1;
  for (size_t i = 0; i < count; ++i) {
    int f = openat(folder, names[i], O_RDONLY);
    if (f < 0) return perror(names[i]), 1;
    for (ssize_t n; (n = read(f, buf, sizeof buf)) > 0;) total += (size_t)n;
    close(f);
  }
  printf("%zu files, %zu bytes\n", count, total);
  return 0;
}
