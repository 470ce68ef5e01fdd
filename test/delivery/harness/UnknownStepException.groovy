/** Thrown for a call that is neither a Jenkins step the harness knows nor a method of the Jenkinsfile. */
class UnknownStepException extends RuntimeException {
    UnknownStepException(String message) {
        super(message)
    }
}
