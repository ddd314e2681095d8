package dev.pave.template;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.pave.LikePatterns;
import dev.pave.identity.Caller;
import dev.pave.template.Template;
import dev.pave.template.TemplateService.CompatibleEnvironment;
import dev.pave.template.bundle.Manifest;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Finding templates: ListEnvironmentTemplates/ListServiceTemplates, the portal's catalog and template choosers. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class TemplateCatalog {

    /**
     * A template as the catalog shows it, from its card version (the recommended one, else the newest registered).
     *
     * @param recommendedVersion "major.minor", or null when no version is published
     * @param engine             the card version's environment or instance engine; null when it provisions none
     * @param pipelineEngine     the card version's pipeline engine; null without a pipeline
     */
    public record CatalogEntry(Template template, String recommendedVersion, Manifest.Engine engine, Manifest.Engine pipelineEngine,
            List<CompatibleEnvironment> compatibleEnvironments) {
    }

    /** One page of templates by name, fetching {@code limit} rows from {@code offset}. */
    public List<Template> templates(Caller caller, TemplateType type, int offset, int limit) {
        caller.requireAnyRole();
        var query = type == null ? Template.findAll(Sort.by("name").and("type")) : Template.find("type", Sort.by("name"), type);
        return query.range(offset, offset + limit - 1).list();
    }

    /**
     * One page of templates by name whose name, display name or description contains {@code text} in any case;
     * {@code type} and {@code text} are optional.
     */
    public List<Template> search(Caller caller, TemplateType type, String text, int offset, int limit) {
        caller.requireAnyRole();
        Map<String, Object> params = new HashMap<>();
        String where = templateFilter("", type, text, params);
        return Template.<Template>find(where, Sort.by("name").and("type"), params).range(offset, offset + limit - 1).list();
    }

    /**
     * One page of the catalog, by name: each template with its card version (the recommended one, else the newest
     * registered) and what that version says about engines and compatible environments, in one query. {@code engine}
     * (optional) keeps templates whose card version provisions instances or pipeline with it.
     */
    public List<CatalogEntry> catalog(Caller caller, TemplateType type, String text, Manifest.Engine engine, int offset, int limit) {
        caller.requireAnyRole();
        Map<String, Object> params = new HashMap<>();
        String where = templateFilter("t.", type, text, params);
        if (engine != null) {
            where += " and (v.engine = :engine or v.pipelineEngine = :engine)";
            params.put("engine", engine);
        }
        params.put("registered", List.of(TemplateVersion.Status.DRAFT, TemplateVersion.Status.PUBLISHED));
        params.put("published", TemplateVersion.Status.PUBLISHED);
        var query = Template.getEntityManager().createQuery(
                "select t, v.majorVersion, v.minorVersion, v.status, v.engine, v.pipelineEngine, v.compatibleEnvironmentTemplates, v.deprecatedAt "
                        + "from Template t left join TemplateVersion v on v.id = ("
                        + "select c.id from TemplateVersion c where c.template = t and c.status in :registered "
                        + "order by case when c.status = :published and c.deprecatedAt is null then 0 else 1 end, c.majorVersion desc, c.minorVersion desc limit 1) "
                        + "where " + where + " order by t.name, t.type", Object[].class);
        params.forEach(query::setParameter);
        return query.setFirstResult(offset).setMaxResults(limit).getResultStream().map(row -> new CatalogEntry((Template) row[0],
                row[7] == null && row[3] == TemplateVersion.Status.PUBLISHED ? row[1] + "." + row[2] : null, (Manifest.Engine) row[4],
                (Manifest.Engine) row[5], TemplateService.read((String) row[6], new TypeReference<List<CompatibleEnvironment>>() {}))).toList();
    }

    /** Type and text conditions on templates ({@code alias}: "t." or none), their values put in {@code params}. */
    private static String templateFilter(String alias, TemplateType type, String text, Map<String, Object> params) {
        StringBuilder query = new StringBuilder("1 = 1");
        if (type != null) {
            query.append(" and ").append(alias).append("type = :type");
            params.put("type", type);
        }
        if (text != null && !text.isBlank()) {
            query.append(" and (lower(").append(alias).append("name) like :text escape '\\'")
                    .append(" or lower(coalesce(").append(alias).append("displayName, '')) like :text escape '\\'")
                    .append(" or lower(coalesce(").append(alias).append("description, '')) like :text escape '\\')");
            params.put("text", LikePatterns.containing(text));
        }
        return query.toString();
    }

    /** The highest offered (published, not deprecated) version of each template, "major.minor"; templates with none are absent. */
    public Map<Long, String> recommendedVersions(List<Template> templates) {
        Map<Long, String> recommended = new HashMap<>();
        if (templates.isEmpty()) {
            return recommended;
        }
        List<Object[]> rows = TemplateVersion.getEntityManager().createQuery(
                "select v.template.id, max(v.majorVersion * 1000000 + v.minorVersion) from TemplateVersion v "
                        + "where v.status = :published and v.deprecatedAt is null and v.template in :templates group by v.template.id", Object[].class)
                .setParameter("published", TemplateVersion.Status.PUBLISHED)
                .setParameter("templates", templates)
                .getResultList();
        for (Object[] row : rows) {
            int packed = ((Number) row[1]).intValue();
            recommended.put((Long) row[0], (packed / 1000000) + "." + (packed % 1000000));
        }
        return recommended;
    }
}
