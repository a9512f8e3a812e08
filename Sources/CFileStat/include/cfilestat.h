#ifndef CFILESTAT_H
#define CFILESTAT_H

#include <stdint.h>

/// What FastFile and the event-file walker need of stat(2) and getdents64, behind plain C
/// functions: Swift code that reads `struct stat` fields does not build reliably when several
/// imported C modules declare that struct.
typedef struct {
    int64_t size;
    uint32_t mode;
    uint64_t device;
    uint64_t inode;
    int64_t mtime_sec;
    int64_t mtime_nsec;
    int64_t ctime_sec;
    int64_t ctime_nsec;
} guild_file_info;

/// Fills `info` for `path` (following links); returns 0 on success, -1 with errno set.
int guild_file_info_at(const char *path, guild_file_info *info);

/// Fills `info` for the open file `fd` (fstat).
int guild_file_info_fd(int fd, guild_file_info *info);

/// Fills `info` for `name` relative to the open directory `dirfd`, following a link unless
/// `follow` is 0 (fstatat).
int guild_file_info_in(int dirfd, const char *name, int follow, guild_file_info *info);

/// Opens the directory `name` relative to `dirfd` for fstat and *at calls only (O_PATH): no
/// permission check or read set-up, so cheaper than opening it to read. -1 when it cannot.
int guild_open_directory_path(int dirfd, const char *name);

/// Reads entries of the open directory `fd` into `buffer` as `struct linux_dirent64` records
/// (getdents64); returns the bytes read, 0 at the end, -1 with errno set. Walking thousands of
/// run directories, `fdopendir`/`readdir` add an fstat, an fcntl and a 32 KB buffer per directory.
long guild_read_directory(int fd, void *buffer, unsigned long size);

/// Removes `path` and everything below it, depth first, removing symbolic links without
/// following them; returns 0, or an errno value for the first entry that could not be removed.
int guild_remove_tree(const char *path);

#endif
