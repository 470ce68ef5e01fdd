package hudson

/** Stand-in for Jenkins' hudson.AbortException: what a failing `sh` or `error` step throws. */
class AbortException extends IOException {
    AbortException(String message) {
        super(message)
    }
}
