package org.jenkinsci.plugins.workflow.steps

/** Stand-in for the exception Jenkins throws when a build is aborted or an `input` is refused. */
class FlowInterruptedException extends InterruptedException {
    final String result

    FlowInterruptedException(String result = 'ABORTED') {
        super("Build interrupted: ${result}")
        this.result = result
    }

    List getCauses() {
        []
    }
}
