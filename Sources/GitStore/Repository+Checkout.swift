import Clibgit2
import Foundation

extension Repository {
    /// Makes the work tree and the index match HEAD's tree, overwriting local changes to tracked
    /// files (`git checkout -f` without moving HEAD), and writes the index. Untracked files are
    /// left alone.
    public func forceCheckoutHead() throws(GitError) {
        var opts = git_checkout_options()
        try check(git_checkout_options_init(&opts, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), "git_checkout_options_init")
        opts.checkout_strategy = GIT_CHECKOUT_FORCE.rawValue
        try check(git_checkout_head(raw, &opts), "git_checkout_head")
    }

    /// Re-reads the stat data of every index entry whose file is unchanged and writes the index
    /// (`git update-index --refresh`), so later status checks compare stat data only.
    public func refreshIndex() throws(GitError) {
        var opts = git_status_options()
        try check(git_status_options_init(&opts, UInt32(GIT_STATUS_OPTIONS_VERSION)), "git_status_options_init")
        opts.show = GIT_STATUS_SHOW_WORKDIR_ONLY
        opts.flags = GIT_STATUS_OPT_UPDATE_INDEX.rawValue | GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue
        var list: OpaquePointer?
        try check(git_status_list_new(&list, raw, &opts), "git_status_list_new")
        git_status_list_free(list)
    }
}
