import org.codehaus.groovy.ast.ClassCodeExpressionTransformer
import org.codehaus.groovy.ast.ClassNode
import org.codehaus.groovy.ast.expr.ClosureExpression
import org.codehaus.groovy.ast.expr.Expression
import org.codehaus.groovy.ast.expr.MethodCallExpression
import org.codehaus.groovy.classgen.GeneratorContext
import org.codehaus.groovy.control.CompilePhase
import org.codehaus.groovy.control.SourceUnit
import org.codehaus.groovy.control.customizers.CompilationCustomizer

/**
 * Renames implicit-this `sleep(...)` calls to `jenkinsSleep(...)` at compile time. Without it, `sleep` inside a
 * closure resolves to Groovy's own Object.sleep and really sleeps instead of being recorded as a step.
 */
class SleepRenamer extends CompilationCustomizer {
    SleepRenamer() {
        super(CompilePhase.CONVERSION)
    }

    @Override
    void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        new Transformer(source).visitClass(classNode)
    }

    private static class Transformer extends ClassCodeExpressionTransformer {
        private final SourceUnit source

        Transformer(SourceUnit source) {
            this.source = source
        }

        @Override
        protected SourceUnit getSourceUnit() {
            source
        }

        @Override
        Expression transform(Expression expression) {
            if (expression instanceof ClosureExpression) {
                expression.code?.visit(this)
                return expression
            }
            if (expression instanceof MethodCallExpression && expression.implicitThis &&
                    expression.methodAsString == 'sleep') {
                def renamed = new MethodCallExpression(expression.objectExpression, 'jenkinsSleep',
                        transform(expression.arguments))
                renamed.implicitThis = true
                renamed.sourcePosition = expression
                return renamed
            }
            expression.transformExpression(this)
        }
    }
}
