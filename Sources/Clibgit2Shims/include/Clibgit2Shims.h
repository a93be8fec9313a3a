#pragma once
#include <git2.h>

/// git_libgit2_opts is variadic, which Swift cannot call. Each shim wraps one option.

/// GIT_OPT_SET_SEARCH_PATH: where libgit2 looks for the global, XDG, system and
/// programdata configuration files. Tests point all of them at an empty folder so
/// the developer's own git configuration is never read.
int evident_git_set_search_path(git_config_level_t level, const char *path);

/// GIT_OPT_SET_OWNER_VALIDATION: libgit2 refuses repositories owned by another
/// user unless safe.directory says otherwise, exactly like git.
int evident_git_set_owner_validation(int enabled);

/// GIT_OPT_ENABLE_FSYNC_GITDIR: fsync objects, refs and the index before renaming
/// them into place, so a crash never leaves a ref pointing at a missing object.
int evident_git_enable_fsync(int enabled);

/// GIT_OPT_ENABLE_STRICT_OBJECT_CREATION: validate that objects a commit or tree
/// points at exist when they are created.
int evident_git_enable_strict_object_creation(int enabled);

/// GIT_OPT_SET_MWINDOW_SIZE, GIT_OPT_SET_MWINDOW_MAPPED_LIMIT and GIT_OPT_SET_CACHE_MAX_SIZE:
/// how much of the packfiles libgit2 keeps mapped (windows of window_size bytes, at most
/// mapped_limit in all) and how many bytes of parsed objects it caches.
int evident_git_set_memory_limits(size_t window_size, size_t mapped_limit, ssize_t cache_max);

/// GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION: re-hash every object read from the object
/// database and compare it with its id.
int evident_git_enable_strict_hash_verification(int enabled);

/// GIT_OPT_SET_CACHE_MAX_SIZE alone: the object cache's limit, in bytes.
int evident_git_set_cache_max(ssize_t cache_max);

/// GIT_OPT_GET_CACHED_MEMORY's limit: the object cache's limit in bytes (-1 when libgit2 refuses).
ssize_t evident_git_cache_max(void);

/// malloc_trim(0): hands freed heap memory (in every thread's arena) back to the system.
void evident_release_freed_memory(void);

/// mallopt(M_MMAP_THRESHOLD, bytes): every allocation of `bytes` or more gets its own mapping,
/// unmapped when freed (and the threshold no longer rises with the largest buffer freed).
int evident_map_buffers_from(size_t bytes);
