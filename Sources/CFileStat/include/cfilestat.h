#ifndef CFILESTAT_H
#define CFILESTAT_H

#include <stdint.h>

/// What FastFile needs of stat(2), behind plain C functions: Swift code that reads `struct stat`
/// fields does not build reliably when several imported C modules declare that struct.
typedef struct {
    int64_t size;
    uint32_t mode;
    uint64_t device;
    uint64_t inode;
    int64_t mtime_sec;
    int64_t mtime_nsec;
} guild_file_info;

/// Fills `info` for `path` (following links); returns 0 on success, -1 with errno set.
int guild_file_info_at(const char *path, guild_file_info *info);

#endif
