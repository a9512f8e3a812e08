// The read floor under `guild runs` and a cold `guild compare`: what reading a Guild home's
// run files costs with nothing else done, on THREADS threads (default 2, the cores here).
//   read-runs readdir RUNS_DIR    one readdir of the runs directory (a run found by id)
//   read-runs started RUNS_DIR    open and read each run's .guild/attrs/started
//   read-runs stat RUNS_DIR       stat each run's .guild, .guild/attrs and the attrs status, label
//                                 and mark come from (what the run index checks for `runs -a`)
//   read-runs all RUNS_DIR        read every file of each run's .guild/attrs and .guild/events.out.*
// Prints the number of runs and bytes read. Build: cc -O2 -pthread -o read-runs read-runs.c
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char **runs;
static size_t nruns;
static const char *mode, *root;
static int nthreads = 2;

static long long read_file(int dirfd, const char *name) {
    static __thread char buf[1 << 16];
    int fd = openat(dirfd, name, O_RDONLY);
    if (fd < 0) return 0;
    long long total = 0;
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) total += n;
    close(fd);
    return total;
}

static long long read_dir_files(int dirfd, const char *prefix) {
    DIR *d = fdopendir(dirfd);
    if (!d) return 0;
    long long total = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.' && (!prefix || strncmp(e->d_name, prefix, strlen(prefix)) == 0))
            total += read_file(dirfd, e->d_name);
    closedir(d);
    return total;
}

static void *worker(void *arg) {
    long long total = 0;
    char path[4096];
    for (size_t i = (size_t)arg; i < nruns; i += nthreads) {
        if (strcmp(mode, "started") == 0) {
            snprintf(path, sizeof path, "%s/%s/.guild/attrs/started", root, runs[i]);
            total += read_file(AT_FDCWD, path);
        } else if (strcmp(mode, "stat") == 0) {
            static const char *names[] = {"", "/attrs", "/attrs/started", "/attrs/exit_status",
                                          "/attrs/label", "/attrs/marked"};
            struct stat st;
            for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
                snprintf(path, sizeof path, "%s/%s/.guild%s", root, runs[i], names[k]);
                if (stat(path, &st) == 0) total += 1;
            }
        } else {
            snprintf(path, sizeof path, "%s/%s/.guild/attrs", root, runs[i]);
            total += read_dir_files(open(path, O_RDONLY | O_DIRECTORY), NULL);
            snprintf(path, sizeof path, "%s/%s/.guild", root, runs[i]);
            total += read_dir_files(open(path, O_RDONLY | O_DIRECTORY), "events.out.");
        }
    }
    return (void *)(intptr_t)total;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: read-runs readdir|started|stat|all RUNS_DIR\n"); return 2; }
    mode = argv[1];
    root = argv[2];
    if (getenv("THREADS")) nthreads = atoi(getenv("THREADS"));
    DIR *d = opendir(root);
    if (!d) { perror(root); return 1; }
    size_t cap = 1024;
    runs = malloc(cap * sizeof *runs);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        if (nruns == cap) runs = realloc(runs, (cap *= 2) * sizeof *runs);
        runs[nruns++] = strdup(e->d_name);
    }
    closedir(d);
    long long total = 0;
    if (strcmp(mode, "readdir") != 0) {
        pthread_t t[64];
        for (int i = 0; i < nthreads; i++) pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
        for (int i = 0; i < nthreads; i++) {
            void *r;
            pthread_join(t[i], &r);
            total += (intptr_t)r;
        }
    }
    printf("%zu runs, %lld bytes\n", nruns, total);
    return 0;
}
