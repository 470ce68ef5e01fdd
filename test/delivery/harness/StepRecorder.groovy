/**
 * What one scenario feeds a pipeline (env, params, canned `sh` results, the answer to `input`) and what the
 * pipeline did in return: every step in order, with the stage it ran in.
 */
class StepRecorder {
    final PipelineEnv env = new PipelineEnv()
    final Map<String, Object> params = [:]
    final CurrentBuild currentBuild = new CurrentBuild()
    final List<Map> shRules = []
    String inputAnswer = 'approve'
    String scriptName = 'Jenkinsfile'

    final Map<String, String> files = [:]

    final List<Map> steps = []
    final List<String> stageStack = []
    /** The blocks (node, withCredentials, lock, …) the step being dispatched runs in. */
    final List<String> blockStack = []
    List<String> enclosing = []
    /** The values withCredentials has bound right now. */
    final List<String> activeSecrets = []

    Map record(String name, List args, Map extra = [:]) {
        Map call = [step: name, stage: stageStack ? stageStack.last() : null, args: serialise(args), within: enclosing] + extra
        steps << call
        call
    }

    /** The rule for exactly this command decides its exit code, output, or an abort; no rule means exit 0. */
    Map shOutcome(String command) {
        Map rule = shRules.find { command.trim() == (it.command as String) }
        [exitCode: (rule?.exitCode ?: 0) as int, stdout: (rule?.stdout ?: '') as String, abort: rule?.abort == true]
    }

    String fileContent(String path) {
        if (!files.containsKey(path)) {
            throw new FileNotFoundException("readFile: no file ${path} in this scenario")
        }
        files[path]
    }

    static Object serialise(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value
        }
        if (value instanceof CharSequence) {
            return value.toString()
        }
        if (value instanceof Closure) {
            return '{closure}'
        }
        if (value instanceof Map) {
            return value.collectEntries { k, v -> [(k.toString()): serialise(v)] }
        }
        if (value instanceof Collection || value instanceof Object[]) {
            return value.collect { serialise(it) }
        }
        value.toString()
    }
}
