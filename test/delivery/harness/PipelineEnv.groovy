/**
 * The `env` global: like Jenkins, an unset name reads as null instead of throwing, and every value is a String.
 */
class PipelineEnv extends GroovyObjectSupport {
    final Map<String, String> vars = [:]

    @Override
    Object getProperty(String name) {
        vars[name]
    }

    @Override
    void setProperty(String name, Object value) {
        if (value == null) {
            vars.remove(name)
        } else {
            vars[name] = value.toString()
        }
    }

    Object getAt(String name) {
        vars[name]
    }

    void putAt(String name, Object value) {
        setProperty(name, value)
    }

    boolean isSet(String name) {
        vars.containsKey(name)
    }

    Map<String, String> snapshot() {
        new TreeMap<String, String>(vars)
    }
}
