#include "Clibgit2Shims.h"

int evident_git_set_search_path(git_config_level_t level, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, path);
}

int evident_git_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}

int evident_git_enable_fsync(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, enabled);
}

int evident_git_enable_strict_object_creation(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, enabled);
}

int evident_git_set_memory_limits(size_t window_size, size_t mapped_limit, ssize_t cache_max) {
    int rc = git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, window_size);
    if (rc == 0) rc = git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, mapped_limit);
    if (rc == 0) rc = git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, cache_max);
    return rc;
}

int evident_git_set_cache_max(ssize_t cache_max) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, cache_max);
}

ssize_t evident_git_cache_max(void) {
    ssize_t current = 0, allowed = 0;
    if (git_libgit2_opts(GIT_OPT_GET_CACHED_MEMORY, &current, &allowed) != 0) return -1;
    return allowed;
}

int evident_git_enable_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

#include <malloc.h>
void evident_release_freed_memory(void) {
    malloc_trim(0);
}

int evident_map_buffers_from(size_t bytes) {
    return mallopt(M_MMAP_THRESHOLD, (int)bytes);
}
