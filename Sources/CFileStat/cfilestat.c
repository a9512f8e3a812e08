#include "cfilestat.h"

#include <sys/stat.h>

int guild_file_info_at(const char *path, guild_file_info *info) {
    struct stat st;
    if (stat(path, &st) != 0) return -1;
    info->size = (int64_t)st.st_size;
    info->mode = (uint32_t)st.st_mode;
    info->device = (uint64_t)st.st_dev;
    info->inode = (uint64_t)st.st_ino;
    info->mtime_sec = (int64_t)st.st_mtim.tv_sec;
    info->mtime_nsec = (int64_t)st.st_mtim.tv_nsec;
    return 0;
}
