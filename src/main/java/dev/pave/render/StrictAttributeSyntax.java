package dev.pave.render;

import com.hubspot.jinjava.el.ExtendedSyntaxBuilder;
import com.hubspot.jinjava.el.ext.ExtendedParser;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import jinjava.de.odysseus.el.misc.LocalMessages;
import jinjava.de.odysseus.el.tree.Bindings;
import jinjava.de.odysseus.el.tree.impl.Builder;
import jinjava.de.odysseus.el.tree.impl.Parser;
import jinjava.de.odysseus.el.tree.impl.ast.AstBracket;
import jinjava.de.odysseus.el.tree.impl.ast.AstDot;
import jinjava.de.odysseus.el.tree.impl.ast.AstIdentifier;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.PropertyNotFoundException;

/**
 * Jinjava's expression syntax with two changes. Unknown filters and tests fail, as in jinja2. And reading an attribute or item of an undefined (or None) value
 * fails instead of yielding null. That is what jinja2's default {@code Undefined} does ({@code {{ a.b }}}
 * with {@code a} undefined raises UndefinedError), while a missing key of a defined dict still prints ''.
 */
public class StrictAttributeSyntax extends ExtendedSyntaxBuilder {

    private static final long serialVersionUID = 1L;

    /** Instantiated by JUEL's ExpressionFactoryImpl, by reflection. */
    public StrictAttributeSyntax(Builder.Feature... features) {
        super(features);
    }

    @Override
    protected Parser createParser(String expression) {
        return new ExtendedParser(this, expression) {
            @Override
            protected AstIdentifier createAstIdentifier(String name, int index) {
                checkRegistered(name);
                return super.createAstIdentifier(name, index);
            }

            @Override
            protected AstDot createAstDot(AstNode prefix, String property, boolean lvalue) {
                return new StrictDot(prefix, property, lvalue, context.isEnabled(Builder.Feature.IGNORE_RETURN_TYPE));
            }

            @Override
            protected AstBracket createAstBracket(AstNode prefix, AstNode property, boolean lvalue,
                    boolean strict) {
                return new StrictBracket(prefix, property, lvalue, strict,
                        context.isEnabled(Builder.Feature.IGNORE_RETURN_TYPE));
            }
        };
    }

    /** jinja2 rejects unknown filters and tests when compiling; Jinjava would quietly skip them. */
    private static void checkRegistered(String name) {
        Context context = JinjavaInterpreter.getCurrent().getContext();
        if (name.startsWith(ExtendedParser.FILTER_PREFIX)
                && context.getFilter(name.substring(ExtendedParser.FILTER_PREFIX.length())) == null) {
            throw new TemplateFailure("No filter named '" + name.substring(ExtendedParser.FILTER_PREFIX.length()) + "'.", null);
        }
        if (name.startsWith(ExtendedParser.EXPTEST_PREFIX)
                && context.getExpTest(name.substring(ExtendedParser.EXPTEST_PREFIX.length())) == null) {
            throw new TemplateFailure("No test named '" + name.substring(ExtendedParser.EXPTEST_PREFIX.length()) + "'.", null);
        }
    }

    /** Python-ish source text of an expression node, for error messages. */
    static String describe(AstNode node) {
        StringBuilder text = new StringBuilder();
        node.appendStructure(text, null);
        return text.toString();
    }

    /** AstProperty.eval, except that an undefined base raises. */
    private static Object evalStrict(AstNode prefix, Object property, Object base,
            ELContext context) {
        if (base == null) {
            String name = describe(prefix);
            throw new TemplateFailure("'" + name + "' is undefined", name);
        }
        context.setPropertyResolved(false);
        Object result = context.getELResolver().getValue(context, base, property);
        if (!context.isPropertyResolved()) {
            throw new PropertyNotFoundException(
                    LocalMessages.get("error.property.property.notfound", property, base));
        }
        return result;
    }

    static final class StrictDot extends AstDot {

        StrictDot(AstNode prefix, String property, boolean lvalue, boolean ignoreReturnType) {
            super(prefix, property, lvalue, ignoreReturnType);
        }

        @Override
        public Object eval(Bindings bindings, ELContext context) {
            Object base = prefix.eval(bindings, context);
            return evalStrict(prefix, property, base, context);
        }
    }

    static final class StrictBracket extends AstBracket {

        StrictBracket(AstNode prefix, AstNode property, boolean lvalue, boolean strict, boolean ignoreReturnType) {
            super(prefix, property, lvalue, strict, ignoreReturnType);
        }

        @Override
        public Object eval(Bindings bindings, ELContext context) {
            Object base = prefix.eval(bindings, context);
            if (base == null) {
                return evalStrict(prefix, null, null, context);
            }
            Object key = getProperty(bindings, context);
            if (key == null && strict) {
                return null;
            }
            return evalStrict(prefix, key, base, context);
        }
    }
}
