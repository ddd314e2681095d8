package dev.pave.approval;

import dev.pave.template.TemplateType;
import dev.pave.template.VersionHold;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** An update waiting for approval will deploy its version once approved: that version stays. */
@ApplicationScoped
public class ApprovalVersionHold implements VersionHold {

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<String> holding(TemplateType type, String templateName, int major, int minor) {
        return Approval.<Approval>find("templateType = ?1 and templateName = ?2 and targetMajor = ?3 and targetMinor = ?4 and status = ?5",
                type, templateName, major, minor, Approval.Status.PENDING).firstResultOptional()
                .map(a -> "approval " + a.id + " of " + a.label + " is waiting to move to it");
    }
}
