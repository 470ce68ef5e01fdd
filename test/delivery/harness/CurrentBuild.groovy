/** The `currentBuild` global. As in Jenkins, `result` can only get worse once set. */
class CurrentBuild {
    static final List<String> SEVERITY = ['SUCCESS', 'UNSTABLE', 'FAILURE', 'NOT_BUILT', 'ABORTED']

    String result
    int number = 1
    String displayName
    String description
    String absoluteUrl = 'https://jenkins.example.com/job/tally/1/'

    void setResult(String next) {
        if (!(next in SEVERITY)) {
            throw new IllegalArgumentException("Unknown build result '${next}'; allowed: ${SEVERITY}")
        }
        if (result == null || SEVERITY.indexOf(next) > SEVERITY.indexOf(result)) {
            result = next
        }
    }

    String getCurrentResult() {
        result ?: 'SUCCESS'
    }
}
