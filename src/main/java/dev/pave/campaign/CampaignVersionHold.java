package dev.pave.campaign;

import dev.pave.template.TemplateType;
import dev.pave.template.VersionHold;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** A campaign not finished yet still moves resources to its version: that version stays. */
@ApplicationScoped
public class CampaignVersionHold implements VersionHold {

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<String> holding(TemplateType type, String templateName, int major, int minor) {
        return Campaign.<Campaign>find("templateType = ?1 and templateName = ?2 and targetMajor = ?3 and targetMinor = ?4 and finishedAt is null",
                type, templateName, major, minor).firstResultOptional().map(c -> "campaign " + c.id + " (" + c.status + ") is moving resources to it");
    }
}
