/** A credential's value found in an `sh` command: it was interpolated by Groovy instead of read by the shell. */
class SecretInterpolationException extends RuntimeException {
    SecretInterpolationException(String message) {
        super(message)
    }
}
