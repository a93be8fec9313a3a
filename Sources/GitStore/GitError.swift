import Clibgit2
import Foundation

/// An error reported by libgit2, copied out of its thread-local error slot.
public struct GitError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Code: Equatable, Sendable {
        case notFound, exists, ambiguous, bufferTooShort, user, bareRepository, unbornBranch
        case unmerged, nonFastForward, invalidSpec, conflict, locked, modified, auth
        case certificate, applied, peel, endOfFile, invalid, uncommitted, directory
        case mergeConflict, passthrough, iterationOver, retry, mismatch, indexDirty
        case applyFail, owner
        /// Not libgit2's: a repository state evident does not write to (the message says which and the fix).
        case unsupported
        case other(Int32)

        init(_ rc: Int32) {
            switch rc {
            case GIT_ENOTFOUND.rawValue: self = .notFound
            case GIT_EEXISTS.rawValue: self = .exists
            case GIT_EAMBIGUOUS.rawValue: self = .ambiguous
            case GIT_EBUFS.rawValue: self = .bufferTooShort
            case GIT_EUSER.rawValue: self = .user
            case GIT_EBAREREPO.rawValue: self = .bareRepository
            case GIT_EUNBORNBRANCH.rawValue: self = .unbornBranch
            case GIT_EUNMERGED.rawValue: self = .unmerged
            case GIT_ENONFASTFORWARD.rawValue: self = .nonFastForward
            case GIT_EINVALIDSPEC.rawValue: self = .invalidSpec
            case GIT_ECONFLICT.rawValue: self = .conflict
            case GIT_ELOCKED.rawValue: self = .locked
            case GIT_EMODIFIED.rawValue: self = .modified
            case GIT_EAUTH.rawValue: self = .auth
            case GIT_ECERTIFICATE.rawValue: self = .certificate
            case GIT_EAPPLIED.rawValue: self = .applied
            case GIT_EPEEL.rawValue: self = .peel
            case GIT_EEOF.rawValue: self = .endOfFile
            case GIT_EINVALID.rawValue: self = .invalid
            case GIT_EUNCOMMITTED.rawValue: self = .uncommitted
            case GIT_EDIRECTORY.rawValue: self = .directory
            case GIT_EMERGECONFLICT.rawValue: self = .mergeConflict
            case GIT_PASSTHROUGH.rawValue: self = .passthrough
            case GIT_ITEROVER.rawValue: self = .iterationOver
            case GIT_RETRY.rawValue: self = .retry
            case GIT_EMISMATCH.rawValue: self = .mismatch
            case GIT_EINDEXDIRTY.rawValue: self = .indexDirty
            case GIT_EAPPLYFAIL.rawValue: self = .applyFail
            case GIT_EOWNER.rawValue: self = .owner
            default: self = .other(rc)
            }
        }
    }

    public let code: Code
    public let message: String
    /// The libgit2 function that failed.
    public let function: String

    public init(code: Code, message: String, function: String) {
        self.code = code
        self.message = message
        self.function = function
    }

    public var description: String { "\(function): \(message)" }

    /// Reads libgit2's thread-local last error and clears it at once, so one call's error
    /// never leaks into the next (negative codes sometimes come without an error set).
    static func last(_ rc: Int32, function: String) -> GitError {
        var message = "libgit2 returned \(rc)"
        if let err = git_error_last(), let text = err.pointee.message {
            message = String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        git_error_clear()
        return GitError(code: Code(rc), message: message, function: function)
    }
}

/// The one place that turns a libgit2 return code into a thrown `GitError`.
@discardableResult
func check(_ rc: Int32, _ function: String) throws(GitError) -> Int32 {
    guard rc >= 0 else { throw GitError.last(rc, function: function) }
    return rc
}

