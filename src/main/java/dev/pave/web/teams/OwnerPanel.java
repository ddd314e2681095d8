package dev.pave.web.teams;

import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * "Owned by team a" on a resource's page, and for those who may change the resource (its team's members, admins)
 * the teams it can be handed to. {@code mayChange} also decides whether the page offers Edit and Delete.
 */
@TemplateData
public record OwnerPanel(String arn, String team, boolean mayChange, List<String> teams, String back) {
}
