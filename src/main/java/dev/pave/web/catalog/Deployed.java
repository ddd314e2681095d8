package dev.pave.web.catalog;

import dev.pave.template.TemplateType;
import dev.pave.template.TemplateUsage;
import io.quarkus.qute.TemplateData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** What runs on a template or on one of its versions: environments, or service instances and their services' pipelines. */
@TemplateData
public record Deployed(TemplateType type, long environments, long serviceInstances, long pipelines) {

    static Deployed none(TemplateType type) {
        return new Deployed(type, 0, 0, 0);
    }

    /** The counts summed by template name. */
    static Map<String, Deployed> byTemplate(TemplateType type, List<TemplateUsage.Count> counts) {
        return sum(type, counts, TemplateUsage.Count::templateName);
    }

    /** One template's counts summed by version, "major.minor". */
    static Map<String, Deployed> byVersion(TemplateType type, List<TemplateUsage.Count> counts) {
        return sum(type, counts, c -> c.major() + "." + c.minor());
    }

    private static Map<String, Deployed> sum(TemplateType type, List<TemplateUsage.Count> counts, Function<TemplateUsage.Count, String> key) {
        Map<String, Deployed> sums = new HashMap<>();
        for (TemplateUsage.Count c : counts) {
            sums.merge(key.apply(c), none(type).plus(c), Deployed::plus);
        }
        return sums;
    }

    private Deployed plus(TemplateUsage.Count c) {
        return switch (c.resource()) {
            case ENVIRONMENT -> new Deployed(type, environments + c.count(), serviceInstances, pipelines);
            case SERVICE_INSTANCE -> new Deployed(type, environments, serviceInstances + c.count(), pipelines);
            case PIPELINE -> new Deployed(type, environments, serviceInstances, pipelines + c.count());
        };
    }

    Deployed plus(Deployed other) {
        return new Deployed(type, environments + other.environments, serviceInstances + other.serviceInstances, pipelines + other.pipelines);
    }

    public long total() {
        return environments + serviceInstances + pipelines;
    }

    /** "3 environments", "5 service instances, 1 pipeline". */
    public String summary() {
        return type == TemplateType.ENVIRONMENT ? count(environments, "environment")
                : count(serviceInstances, "service instance") + ", " + count(pipelines, "pipeline");
    }

    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
