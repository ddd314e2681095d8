package dev.pave.service;

import dev.pave.LikePatterns;
import dev.pave.deploy.DeploymentStatus;
import dev.pave.deploy.plan.VersionRules;
import dev.pave.error.ValidationException;
import dev.pave.identity.Caller;
import dev.pave.template.Template;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finding services and their instances: ListServices, ListServiceInstances' filters and sorts, and the portal's lists. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ServiceSearch {

    @Inject
    ServiceService services;

    @Inject
    TemplateService templates;

    /** ListServiceInstances' filter entry. */
    public record InstanceFilter(String key, String value) {
    }

    /** The portal's instance list: text in the instance's or service's name, exact names, a status; null members match all. */
    public record InstanceSearch(String text, String serviceName, String environmentName, String templateName, DeploymentStatus status) {
    }

    public List<Service> services(Caller caller, int offset, int limit) {
        caller.requireAnyRole();
        return Service.<Service>findAll(Sort.by("name")).range(offset, offset + limit - 1).list();
    }

    /**
     * One page of services by name whose name, description or template name contains {@code text} in any case, and,
     * when {@code createdBy} is given, that this user created.
     */
    public List<Service> services(Caller caller, String text, String createdBy, int offset, int limit) {
        caller.requireAnyRole();
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (text != null && !text.isBlank()) {
            where.add("(lower(name) like :like escape '\\' or lower(coalesce(description, '')) like :like escape '\\'"
                    + " or lower(templateName) like :like escape '\\')");
            params.put("like", LikePatterns.containing(text));
        }
        if (createdBy != null) {
            where.add("createdBy = :createdBy");
            params.put("createdBy", createdBy);
        }
        if (where.isEmpty()) {
            return services(caller, offset, limit);
        }
        return Service.<Service>find(String.join(" and ", where), Sort.by("name"), params).range(offset, offset + limit - 1).list();
    }

    /** How many instances each of the services has, by service name. */
    public Map<String, Long> instanceCounts(List<Service> services) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (services.isEmpty()) {
            return counts;
        }
        ServiceInstance.getEntityManager().createQuery("select i.serviceName, count(i) from ServiceInstance i where i.serviceName in :names"
                + " group by i.serviceName", Object[].class).setParameter("names", services.stream().map(x -> x.name).toList())
                .getResultList().forEach(row -> counts.put((String) row[0], (Long) row[1]));
        return counts;
    }

    /** Instances of one service (or all), filtered and sorted as ListServiceInstances asks. */
    public List<ServiceInstance> instances(Caller caller, String serviceName, List<InstanceFilter> filters, String sortBy, boolean descending,
            int offset, int limit) {
        caller.requireAnyRole();
        if (serviceName != null) {
            services.service(caller, serviceName);
        }
        List<ServiceInstance> all = serviceName == null ? ServiceInstance.list("order by serviceName, name") : ServiceInstance.of(serviceName);
        List<ServiceInstance> kept = new ArrayList<>();
        for (ServiceInstance i : all) {
            if (filters.stream().allMatch(f -> matches(i, f))) {
                kept.add(i);
            }
        }
        java.util.Comparator<ServiceInstance> order = switch (sortBy == null ? "name" : sortBy) {
            case "deploymentStatus" -> java.util.Comparator.comparing(i -> i.deployment.status.name());
            case "templateName" -> java.util.Comparator.comparing(i -> i.templateName);
            case "serviceName" -> java.util.Comparator.comparing(i -> i.serviceName);
            case "environmentName" -> java.util.Comparator.comparing(i -> i.environmentName);
            case "lastDeploymentAttemptedAt" -> java.util.Comparator.comparing(i -> i.deployment.lastAttemptedAt,
                    java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
            case "createdAt" -> java.util.Comparator.comparing(i -> i.createdAt);
            default -> java.util.Comparator.comparing(i -> i.name);
        };
        order = order.thenComparing(i -> i.serviceName).thenComparing(i -> i.name);
        kept.sort(descending ? order.reversed() : order);
        return kept.stream().skip(offset).limit(limit).toList();
    }

    /** One page of every service's instances, by service then name, filtered in the database (one query, no per-row loads). */
    public List<ServiceInstance> search(Caller caller, InstanceSearch search, int offset, int limit) {
        caller.requireAnyRole();
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (search.text() != null) {
            where.add("(lower(name) like :text escape '\\' or lower(serviceName) like :text escape '\\')");
            params.put("text", LikePatterns.containing(search.text()));
        }
        if (search.serviceName() != null) {
            where.add("serviceName = :service");
            params.put("service", search.serviceName());
        }
        if (search.environmentName() != null) {
            where.add("environmentName = :environment");
            params.put("environment", search.environmentName());
        }
        if (search.templateName() != null) {
            where.add("templateName = :template");
            params.put("template", search.templateName());
        }
        if (search.status() != null) {
            where.add("deployment.status = :status");
            params.put("status", search.status());
        }
        Sort order = Sort.by("serviceName").and("name");
        var query = where.isEmpty() ? ServiceInstance.<ServiceInstance>findAll(order)
                : ServiceInstance.<ServiceInstance>find(String.join(" and ", where), order, params);
        return query.range(offset, offset + limit - 1).list();
    }

    /** UP_TO_DATE, BEHIND_MINOR or BEHIND_MAJOR against the template's published versions. */
    public String versionStatus(String templateName, int major, int minor) {
        Optional<TemplateVersion> recommended = Template.find(TemplateType.SERVICE, templateName).flatMap(templates::recommendedVersion);
        return VersionRules.standing(recommended, major, minor).name();
    }

    private boolean matches(ServiceInstance i, InstanceFilter f) {
        String v = f.value();
        return switch (f.key()) {
            case "name" -> i.name.equals(v);
            case "deploymentStatus" -> i.deployment.status.name().equals(v);
            case "templateName" -> i.templateName.equals(v);
            case "serviceName" -> i.serviceName.equals(v);
            case "environmentName" -> i.environmentName.equals(v);
            case "deployedTemplateVersionStatus" -> versionStatus(i.templateName, i.templateVersion.major, i.templateVersion.minor)
                    .equals(v.toUpperCase().replace('-', '_'));
            case "lastDeploymentAttemptedAtBefore" -> i.deployment.lastAttemptedAt != null && i.deployment.lastAttemptedAt.isBefore(time(v));
            case "lastDeploymentAttemptedAtAfter" -> i.deployment.lastAttemptedAt != null && i.deployment.lastAttemptedAt.isAfter(time(v));
            case "createdAtBefore" -> i.createdAt.isBefore(time(v));
            case "createdAtAfter" -> i.createdAt.isAfter(time(v));
            default -> throw new ValidationException("Unknown filter key " + f.key());
        };
    }

    private static Instant time(String value) {
        try {
            return Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ValidationException("Filter value " + value + " is not an RFC 3339 time");
        }
    }
}
