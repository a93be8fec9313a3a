import Foundation
import GitStore
import LedgerCore

/// The git hooks a ledger gets. The same text lives in the project's `hooks/` folder, and a test
/// keeps the two equal. libgit2 runs no hooks, so they only guard commits made with plain git.
public enum HookScripts {
    public static let preCommit = """
    #!/bin/sh
    # evident pre-commit hook: validate the ledger records being committed with plain git.
    # evident validates in-process before its own commits; this guards commits made with git.
    # Installed by 'evident init' and 'evident hooks install'. Bypass once with 'git commit --no-verify'.
    EVIDENT="${EVIDENT:-evident}"
    if ! command -v "$EVIDENT" >/dev/null 2>&1; then
        echo "pre-commit: '$EVIDENT' is not on PATH, so the ledger records cannot be validated." >&2
        echo "pre-commit: install evident (make install), or set EVIDENT=/path/to/evident." >&2
        exit 1
    fi
    exec "$EVIDENT" validate --staged

    """

    /// The server-side hook for a ledger's bare repository (not installed in clones: copy it into
    /// the server's `hooks/`). A raw string, so the shell's backslashes stay as they are.
    public static let preReceive = #"""
    #!/bin/sh
    # evident pre-receive hook: guards a ledger kept on a git server. It refuses
    #  - deleting the main branch (the one the server's HEAD names) or rewriting it (non-fast-forward),
    #  - deleting or moving an assessment/* tag, and creating one that is not an annotated tag,
    #  - a new assessment/* tag that 'evident snapshot verify' does not accept: no evident manifest,
    #    a manifest that does not match the tagged tree, or a signature that is not by an allowed
    #    signer of the tagged commit (or none, when the ledger's policy requires signed snapshots),
    #  - a pushed branch or snapshot whose commit holds records that fail 'evident validate'.
    # One refusal refuses the whole push. Install: copy into the bare repository's hooks/ folder,
    # chmod 755, and put evident on the server's PATH (or set EVIDENT=/path/to/evident).
    EVIDENT="${EVIDENT:-evident}"
    main=$(git symbolic-ref -q HEAD) || main=refs/heads/main
    status=0
    view=

    cleanup() {
        if [ -n "$view" ]; then rm -rf "$view"; fi
    }
    trap cleanup 0
    trap 'exit 1' 1 2 15

    refuse() {
        printf 'pre-receive: %s: %s\n' "$1" "$2" >&2
        status=1
    }

    # An all-zero id (SHA-1 or SHA-256) means the ref is created (old) or deleted (new).
    is_zero() {
        case $1 in
            *[!0]*) return 1 ;;
            *) return 0 ;;
        esac
    }

    absolute() {
        case $1 in
            /*) printf '%s\n' "$1" ;;
            *) printf '%s\n' "$PWD/$1" ;;
        esac
    }

    # The pushed objects are not in the repository yet: git keeps them in a quarantine folder until
    # this hook accepts the push, and shows them to the commands it runs through the environment
    # (GIT_OBJECT_DIRECTORY = the quarantine, GIT_ALTERNATE_OBJECT_DIRECTORIES = the repository's
    # objects). git itself honours that, libgit2 (and so evident) does not: it reads the environment
    # only when a program opens the repository with GIT_REPOSITORY_OPEN_FROM_ENV, which evident does
    # not do. So 'evident -C "$GIT_DIR" validate --at NEW' would not find the pushed commit. Instead
    # evident opens an empty bare repository made here whose objects/info/alternates (which libgit2
    # does read) lists the quarantine and the repository's objects. It only reads objects there.
    make_view() {
        if [ -n "$view" ]; then return 0; fi
        view=$(mktemp -d "${TMPDIR:-/tmp}/evident-pre-receive.XXXXXX") || return 1
        mkdir -p "$view/objects/info" "$view/refs/heads" "$view/refs/tags" || return 1
        printf 'ref: refs/heads/main\n' >"$view/HEAD" || return 1
        printf '[core]\n\trepositoryformatversion = 0\n\tbare = true\n' >"$view/config" || return 1
        gitdir=$(git rev-parse --absolute-git-dir) || return 1
        {
            if [ -n "$GIT_OBJECT_DIRECTORY" ]; then absolute "$GIT_OBJECT_DIRECTORY"; fi
            printf '%s\n' "$gitdir/objects"
        } >"$view/objects/info/alternates" || return 1
    }

    # show REF OUTPUT: evident's lines, each prefixed with the ref.
    show() {
        printf '%s\n' "$2" | while IFS= read -r line; do
            if [ -n "$line" ]; then printf 'pre-receive: %s: %s\n' "$1" "$line" >&2; fi
        done
    }

    # validate REF ID: the records of ID's commit must pass 'evident validate'. Returns 1 on refusal.
    validate() {
        if ! command -v "$EVIDENT" >/dev/null 2>&1; then
            refuse "$1" "'$EVIDENT' is not on the server's PATH, so the pushed records cannot be validated; install evident on the server (make install) or set EVIDENT=/path/to/evident for the git service"
            return 1
        fi
        if ! make_view; then
            refuse "$1" "cannot make a temporary folder to validate the pushed records in (TMPDIR=${TMPDIR:-/tmp})"
            return 1
        fi
        output=$("$EVIDENT" -C "$view" validate --at "$2" </dev/null 2>&1)
        rc=$?
        if [ "$rc" -eq 0 ]; then return 0; fi
        show "$1" "$output"
        if [ "$rc" -eq 2 ]; then
            refuse "$1" "the records at $2 do not validate (findings above); fix them in your clone ('evident validate' lists them), commit, and push again"
        else
            refuse "$1" "evident could not validate $2 (exit $rc, message above)"
        fi
        return 1
    }

    # verify_snapshot REF ID: the pushed tag object ID must be a snapshot that verifies, checked as
    # REF before the ref exists: 'evident snapshot verify NAME --tag-object ID' (its manifest, the
    # tagged tree and the signature, judged by the allowed signers of the tagged commit). A snapshot
    # the server accepted can never be deleted or replaced, so one that does not verify would make
    # 'evident verify' fail in every clone for good.
    verify_snapshot() {
        name=${1#refs/tags/assessment/}
        output=$("$EVIDENT" -C "$view" snapshot verify "$name" --tag-object "$2" </dev/null 2>&1)
        rc=$?
        if [ "$rc" -eq 0 ]; then return 0; fi
        show "$1" "$output"
        if [ "$rc" -eq 2 ]; then
            refuse "$1" "is not a snapshot that verifies (findings above), and the server never lets a snapshot be deleted or replaced; delete it in your clone ('git tag -d ${1#refs/tags/}'), make it with 'evident snapshot create $name' (signed with a key in .evident/allowed_signers when signing), and push again"
        else
            refuse "$1" "evident could not verify the snapshot $2 (exit $rc, message above)"
        fi
        return 1
    }

    while read -r old new ref; do
        case $ref in
            refs/tags/assessment/*)
                if is_zero "$new"; then
                    refuse "$ref" "a snapshot is never deleted: it records what was assessed; restore your copy with 'git fetch origin tag ${ref#refs/tags/}'"
                elif ! is_zero "$old"; then
                    refuse "$ref" "a snapshot never moves (it is at $old); make a new snapshot under a new name, and restore your copy with 'git fetch --force origin $ref:$ref'"
                elif [ "$(git cat-file -t "$new" </dev/null 2>/dev/null)" != tag ]; then
                    refuse "$ref" "is a lightweight tag, but a snapshot is an annotated tag; delete it ('git tag -d ${ref#refs/tags/}') and make it with 'evident snapshot create'"
                else
                    validate "$ref" "$new" && verify_snapshot "$ref" "$new"
                fi
                ;;
            refs/heads/*)
                if is_zero "$new"; then
                    if [ "$ref" = "$main" ]; then
                        refuse "$ref" "is the ledger's main branch and is never deleted"
                    fi
                elif [ "$ref" = "$main" ] && ! is_zero "$old" && ! git merge-base --is-ancestor "$old" "$new" </dev/null 2>/dev/null; then
                    refuse "$ref" "non-fast-forward update: the ledger's history is never rewritten; run 'git pull --rebase' (or rebase onto origin's ${ref#refs/heads/}) and push again without --force"
                else
                    validate "$ref" "$new"
                fi
                ;;
        esac
    done
    exit $status

    """#

    /// Guards plain `git push` as `evident sync` is guarded: evidence classified above what the
    /// remote is cleared for (remotes in ledger.yaml) never leaves.
    public static let prePush = """
    #!/bin/sh
    # evident pre-push hook: refuse to push evidence classified above what the remote is cleared
    # for (remotes in .evident/ledger.yaml; 'evident remote clear URL --for cui'), as 'evident sync'
    # refuses it. A remote nobody cleared may hold internal evidence at most: CUI and FCI stay.
    # Installed by 'evident init' and 'evident hooks install'. Git passes the remote's name and URL,
    # and the refs being pushed on standard input.
    EVIDENT="${EVIDENT:-evident}"
    if ! command -v "$EVIDENT" >/dev/null 2>&1; then
        echo "pre-push: '$EVIDENT' is not on PATH, so what is pushed cannot be checked against the remote's clearance." >&2
        echo "pre-push: install evident (make install), or set EVIDENT=/path/to/evident." >&2
        exit 1
    fi
    exec "$EVIDENT" hooks pre-push "$1" "$2"

    """

    /// Hook name -> script.
    public static let all: [(String, String)] = [("pre-commit", preCommit), ("pre-push", prePush)]
}

public enum HookInstaller {
    /// `evident hooks install`: writes the hooks into the ledger's `.git/hooks` (see below).
    /// Throws `LedgerError` `.failure` when a hook file cannot be written.
    /// Throws `.invalidInput` in a bare repository: nothing commits there, so a pre-commit hook
    /// never runs (a server installs `hooks/pre-receive` by hand).
    public static func install(into ledger: LedgerRepository) throws -> [String] {
        if ledger.isBare {
            throw LedgerError.invalid("\(ledger.root) is a bare repository: nothing commits there, so a pre-commit hook would never run; install evident's hooks/pre-receive into its hooks/ folder by hand, or run 'evident hooks install' in a clone")
        }
        return try install(into: ledger.repository)
    }

    /// Writes the hooks into `.git/hooks`. An existing hook that is not evident's is kept and
    /// reported instead of being overwritten. Returns what was installed or kept.
    static func install(into repository: Repository) throws -> [String] {
        let dir = repository.gitDirectory + "hooks"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var report = [String]()
        for (name, script) in HookScripts.all {
            let path = dir + "/" + name
            if let existing = FileManager.default.contents(atPath: path), existing.utf8String != script,
               !existing.utf8String.contains("evident ") {
                let line = name == "pre-push" ? "evident hooks pre-push \"$1\" \"$2\"" : "evident validate --staged"
                report.append("kept the existing \(path) (not evident's); add '\(line)' to it by hand")
                continue
            }
            guard FileManager.default.createFile(atPath: path, contents: Data(script.utf8), attributes: [.posixPermissions: 0o755]) else {
                throw LedgerError(.failure, "cannot write \(path)")
            }
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
            report.append("installed \(path)")
        }
        return report
    }
}
