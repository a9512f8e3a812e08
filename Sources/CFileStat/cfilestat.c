#define _GNU_SOURCE
#include "cfilestat.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void fill(const struct stat *st, guild_file_info *info) {
    info->size = (int64_t)st->st_size;
    info->mode = (uint32_t)st->st_mode;
    info->device = (uint64_t)st->st_dev;
    info->inode = (uint64_t)st->st_ino;
    info->mtime_sec = (int64_t)st->st_mtim.tv_sec;
    info->mtime_nsec = (int64_t)st->st_mtim.tv_nsec;
    info->ctime_sec = (int64_t)st->st_ctim.tv_sec;
    info->ctime_nsec = (int64_t)st->st_ctim.tv_nsec;
}

int guild_file_info_at(const char *path, guild_file_info *info) {
    struct stat st;
    if (stat(path, &st) != 0) return -1;
    fill(&st, info);
    return 0;
}

int guild_file_info_fd(int fd, guild_file_info *info) {
    struct stat st;
    if (fstat(fd, &st) != 0) return -1;
    fill(&st, info);
    return 0;
}

int guild_file_info_in(int dirfd, const char *name, int follow, guild_file_info *info) {
    struct stat st;
    if (fstatat(dirfd, name, &st, follow ? 0 : AT_SYMLINK_NOFOLLOW) != 0) return -1;
    fill(&st, info);
    return 0;
}

long guild_read_directory(int fd, void *buffer, unsigned long size) {
    return syscall(SYS_getdents64, fd, buffer, size);
}

int guild_open_directory_path(int dirfd, const char *name) {
    return openat(dirfd, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path) == 0 ? 0 : errno;
}

int guild_remove_tree(const char *path) {
    int rc = nftw(path, remove_entry, 32, FTW_DEPTH | FTW_PHYS);
    return rc == -1 ? errno : rc;
}
