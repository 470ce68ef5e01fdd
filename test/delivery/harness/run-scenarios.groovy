import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import org.codehaus.groovy.control.CompilerConfiguration
import org.codehaus.groovy.runtime.InvokerHelper
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException

/*
 * Runs a batch of pipeline scenarios in one JVM (a JVM start costs seconds; a scenario, milliseconds).
 * Usage: groovy -cp test/delivery/harness run-scenarios.groovy SCENARIOS.json RESULTS.json
 * A scenario: {name, file | script, env, params, files: {path: text} for readFile,
 *   sh: [{command, exitCode, stdout, abort}] (matched against the whole command), input: approve|abort}.
 */

CompilerConfiguration config = new CompilerConfiguration()
config.scriptBaseClass = 'PipelineScript'
config.addCompilationCustomizers(new SleepRenamer())
GroovyClassLoader loader = new GroovyClassLoader(this.class.classLoader, config)
Map<String, Class> compiled = [:]

Class compile(GroovyClassLoader loader, Map<String, Class> compiled, Map scenario) {
    String label = scenario.file ?: scenario.name
    String key = scenario.file ?: "inline:${scenario.name}"
    if (!compiled.containsKey(key)) {
        String text = scenario.file ? new File(scenario.file as String).getText('UTF-8') : scenario.script
        String className = new File(label as String).name.replaceAll(/\W/, '_')
        compiled[key] = loader.parseClass(new GroovyCodeSource(text, className, '/groovy/script'))
    }
    compiled[key]
}

Map runScenario(Class scriptClass, Map scenario) {
    StepRecorder recorder = new StepRecorder()
    recorder.scriptName = new File((scenario.file ?: scenario.name) as String).name
    (scenario.env ?: [:]).each { k, v -> recorder.env[k as String] = v }
    recorder.params.putAll(scenario.params ?: [:])
    recorder.shRules.addAll(scenario.sh ?: [])
    recorder.files.putAll((scenario.files ?: [:]) as Map<String, String>)
    recorder.inputAnswer = scenario.input ?: 'approve'
    recorder.currentBuild.number = (recorder.env.getVars().BUILD_NUMBER ?: '1') as int

    PipelineScript script = InvokerHelper.createScript(scriptClass, new Binding()) as PipelineScript
    script.attachRecorder(recorder)
    Map error = null
    try {
        script.run()
    } catch (FlowInterruptedException e) {
        recorder.currentBuild.result = 'ABORTED'
        error = [type: e.class.name, message: e.message]
    } catch (Throwable e) {
        recorder.currentBuild.result = 'FAILURE'
        error = [type: e.class.name, message: e.message]
    }
    [name: scenario.name, result: recorder.currentBuild.currentResult, error: error, steps: recorder.steps]
}

List scenarios = new JsonSlurper().parse(new File(args[0])) as List
List results = scenarios.collect { Map scenario ->
    try {
        runScenario(compile(loader, compiled, scenario), scenario)
    } catch (Throwable e) {
        // A Jenkinsfile that does not compile is a result too: the test shows the message.
        [name: scenario.name, result: 'NOT_RUN', error: [type: e.class.name, message: e.message], steps: []]
    }
}
new File(args[1]).write(JsonOutput.toJson(results), 'UTF-8')
