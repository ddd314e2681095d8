package dev.pave.render;

import com.hubspot.jinjava.el.TypeConvertingMapELResolver;
import com.hubspot.jinjava.el.ext.JinjavaBeanELResolver;
import com.hubspot.jinjava.el.ext.JinjavaListELResolver;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.util.ForLoop;
import java.util.Map;
import java.util.Set;
import jinjava.javax.el.ArrayELResolver;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;
import jinjava.javax.el.MethodNotFoundException;

/**
 * What a template may reach: items of maps, lists and arrays, the {@code loop} variable's fields, filters and
 * tests (Jinjava calls them as methods), and a few dict methods ({@code items()}, {@code keys()}, {@code values()}, {@code get()}). No other Java property or
 * method is reachable, so {@code x.getClass()}, {@code ''.bytes} or {@code x.hashCode()} never run: a property
 * of another object reads as undefined, like a missing attribute in Python, and a method call fails.
 */
final class SandboxResolver {

    private SandboxResolver() {
    }

    static ELResolver create() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new ArrayELResolver(true));
        resolver.add(new JinjavaListELResolver(true));
        resolver.add(new TypeConvertingMapELResolver(true));
        resolver.add(new AllowlistBeanResolver());
        return resolver;
    }

    private static final class AllowlistBeanResolver extends JinjavaBeanELResolver {

        private static final Set<String> LOOP_FIELDS =
                Set.of("index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0");
        private static final Set<String> DICT_METHODS = Set.of("items", "keys", "values", "get");

        AllowlistBeanResolver() {
            super(true);
        }

        @Override
        public Object getValue(ELContext context, Object base, Object property) {
            if (base instanceof ForLoop && LOOP_FIELDS.contains(String.valueOf(property))) {
                return super.getValue(context, base, property);
            }
            if (base != null) {
                context.setPropertyResolved(true); // undefined, as jinja2 gives for a missing attribute
            }
            return null;
        }

        @Override
        public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes,
                Object[] params) {
            String name = String.valueOf(method);
            boolean allowed = base instanceof Map && DICT_METHODS.contains(name)
                    || base instanceof ForLoop && name.equals("cycle")
                    || base instanceof Filter && name.equals("filter")
                    || base instanceof ExpTest && (name.equals("evaluate") || name.equals("evaluateNegated"));
            if (!allowed) {
                throw new MethodNotFoundException("'" + name + "' is undefined");
            }
            return super.invoke(context, base, method, paramTypes, params);
        }
    }
}
