import hudson.AbortException
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException

/**
 * Script base class for running a scripted Jenkinsfile under plain Groovy 2.4: every Jenkins step is recorded
 * by methodMissing, steps with bodies run their body, and a name that is not a known step fails loudly with
 * its line, so a typo cannot pass as a recorded no-op.
 */
abstract class PipelineScript extends Script {
    /** Steps that only need recording (and return a descriptor, for steps used as arguments to others). */
    static final Set<String> RECORDED_STEPS = [
        'archiveArtifacts', 'booleanParam', 'buildDiscarder', 'checkout', 'choice', 'cleanWs', 'deleteDir',
        'disableConcurrentBuilds', 'echo', 'file', 'junit', 'lock', 'logRotator', 'mail', 'milestone', 'parameters',
        'properties', 'readFile', 'recordCoverage', 'string', 'unstable', 'usernamePassword',
    ] as Set

    /** Steps whose behaviour the harness simulates. */
    static final Set<String> SIMULATED_STEPS = [
        'build', 'dir', 'error', 'input', 'jenkinsSleep', 'node', 'sh', 'stage', 'timeout', 'tool', 'withCredentials',
        'withEnv',
    ] as Set

    private StepRecorder recorder

    /** A setter, not a property assignment: assigning a property on a script would land in its Binding. */
    void attachRecorder(StepRecorder value) {
        recorder = value
    }

    PipelineEnv getEnv() {
        recorder.env
    }

    Map getParams() {
        recorder.params
    }

    CurrentBuild getCurrentBuild() {
        recorder.currentBuild
    }

    Map getScm() {
        [$class: 'GitSCM']
    }

    /** Bare names such as BRANCH_NAME read environment variables, as they do in Jenkins. */
    def propertyMissing(String name) {
        if (recorder.env.isSet(name)) {
            return recorder.env.getVars()[name]
        }
        throw new MissingPropertyException("No such property: ${name} (${location()})", name, getClass())
    }

    def methodMissing(String name, Object rawArgs) {
        List args = rawArgs as List
        if (!(name in RECORDED_STEPS) && !(name in SIMULATED_STEPS)) {
            throw new UnknownStepException("Unknown pipeline step '${name}' at ${location()}")
        }
        Closure body = args && args.last() instanceof Closure ? args.last() as Closure : null
        List plainArgs = body ? args.subList(0, args.size() - 1) : args
        // Each call is recorded with the blocks it runs in (node, withCredentials, lock, …), outermost first.
        recorder.enclosing = new ArrayList<String>(recorder.blockStack)
        if (body) {
            recorder.blockStack << name
        }
        try {
            return dispatch(name, plainArgs, body)
        } finally {
            if (body) {
                recorder.blockStack.remove(recorder.blockStack.size() - 1)
            }
        }
    }

    private Object dispatch(String name, List plainArgs, Closure body) {
        switch (name) {
            case 'sh': return runSh(plainArgs)
            case 'stage': return runStage(plainArgs[0] as String, body)
            case 'withEnv': return runWithEnv(plainArgs[0] as List, body)
            case 'withCredentials': return runWithCredentials(plainArgs[0] as List, body)
            case 'input': return runInput(plainArgs)
            case 'error':
                recorder.record(name, plainArgs)
                throw new AbortException(plainArgs[0] as String)
            case 'tool':
                recorder.record(name, plainArgs)
                return "/var/jenkins/tools/${toolName(plainArgs)}".toString()
            case 'jenkinsSleep':
                recorder.record('sleep', plainArgs)
                return null
            case 'readFile':
                recorder.record(name, plainArgs)
                return recorder.fileContent(plainArgs[0] instanceof Map ? (plainArgs[0] as Map).file as String : plainArgs[0] as String)
            case 'checkout':
                recorder.record(name, plainArgs)
                // Like Jenkins' checkout step: the SCM variables come back as a map, not in env.
                Map<String, String> vars = recorder.env.getVars()
                return [GIT_COMMIT: vars.GIT_COMMIT_FROM_SCM, GIT_BRANCH: vars.BRANCH_NAME]
            default:
                recorder.record(name, plainArgs)
                if (body) {
                    return body.call()
                }
                return [step: name, args: StepRecorder.serialise(plainArgs)]
        }
    }

    private Object runSh(List args) {
        Map options = args[0] instanceof Map ? args[0] as Map : [script: args[0]]
        String command = options.script as String
        // Jenkins masks a credential in the log, but one interpolated into the command has already been handed
        // to the shell's argument list (visible in `ps`) and to any log the script writes: refuse it.
        String leaked = recorder.activeSecrets.find { String secret -> command.contains(secret) }
        if (leaked) {
            throw new SecretInterpolationException("A credential is interpolated into sh '${command}' at ${location()}: " +
                'pass it through the environment and let the script read the variable')
        }
        Map outcome = recorder.shOutcome(command)
        recorder.record('sh', [options], [env: recorder.env.snapshot()])
        if (outcome.abort) {
            // Someone pressed abort while this script ran.
            throw new FlowInterruptedException('ABORTED')
        }
        if (options.returnStatus) {
            return outcome.exitCode
        }
        if (outcome.exitCode != 0) {
            throw new AbortException("script returned exit code ${outcome.exitCode}")
        }
        options.returnStdout ? outcome.stdout : null
    }

    private Object runStage(String name, Closure body) {
        recorder.record('stage', [name])
        recorder.stageStack << name
        try {
            return body.call()
        } finally {
            recorder.stageStack.remove(recorder.stageStack.size() - 1)
        }
    }

    private Object runWithEnv(List assignments, Closure body) {
        recorder.record('withEnv', [assignments])
        Map<String, String> overrides = [:]
        Map<String, String> vars = recorder.env.getVars()
        assignments.each { String assignment ->
            int eq = assignment.indexOf('=')
            String key = assignment.substring(0, eq)
            String value = assignment.substring(eq + 1)
            if (key.contains('+')) {
                // PATH+NODE=/x prepends to PATH, as Jenkins does.
                key = key.substring(0, key.indexOf('+'))
                String current = vars[key]
                value = current ? "${value}:${current}" : value
            }
            overrides[key] = value
        }
        withTemporaryEnv(overrides, body)
    }

    private Object runWithCredentials(List bindings, Closure body) {
        recorder.record('withCredentials', [bindings])
        Map<String, String> secrets = [:]
        // Closures below read locals only: a closure in a base class cannot see its private fields.
        bindings.each { Map binding ->
            Map options = (binding.args as List)[0] as Map
            ['variable', 'usernameVariable', 'passwordVariable'].each { String field ->
                if (options[field]) {
                    secrets[options[field] as String] = "****${options.credentialsId}:${field}****".toString()
                }
            }
        }
        List<String> active = recorder.activeSecrets
        active.addAll(secrets.values())
        try {
            withTemporaryEnv(secrets, body)
        } finally {
            active.removeAll(secrets.values())
        }
    }

    private Object withTemporaryEnv(Map<String, String> overrides, Closure body) {
        Map<String, String> vars = recorder.env.getVars()
        Map<String, String> saved = [:]
        Set<String> unset = [] as Set
        overrides.each { key, value ->
            if (vars.containsKey(key)) {
                saved[key] = vars[key]
            } else {
                unset << key
            }
            vars[key] = value
        }
        try {
            return body.call()
        } finally {
            saved.each { key, value -> vars[key] = value }
            unset.each { vars.remove(it) }
        }
    }

    private Object runInput(List args) {
        recorder.record('input', args)
        if (recorder.inputAnswer == 'abort') {
            throw new FlowInterruptedException('ABORTED')
        }
        null
    }

    private static String toolName(List args) {
        args[0] instanceof Map ? (args[0] as Map).name as String : args[0] as String
    }

    /** The Jenkinsfile line that made the current call, found on the stack. */
    String location() {
        String className = getClass().name
        StackTraceElement frame = new Throwable().stackTrace.find {
            it.className == className || it.className.startsWith(className + '$')
        }
        frame ? "${recorder.scriptName}:${frame.lineNumber}" : recorder.scriptName
    }
}
