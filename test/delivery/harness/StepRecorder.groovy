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

    final List<Map> steps = []
    final List<String> stageStack = []

    Map record(String name, List args, Map extra = [:]) {
        Map call = [step: name, stage: stageStack ? stageStack.last() : null, args: serialise(args)] + extra
        steps << call
        call
    }

    /** The first rule whose `contains` text occurs in the command decides its exit code and output. */
    Map shOutcome(String command) {
        Map rule = shRules.find { command.contains(it.contains as String) }
        [exitCode: (rule?.exitCode ?: 0) as int, stdout: (rule?.stdout ?: '') as String]
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
