package io.middlemile.standardize;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Job titles: value is the title with whitespace tidied (wording is never changed); attributes {@code seniority}
 * and {@code department} are inferred from keywords (English plus common French/German/Spanish words).
 *
 * <p>Seniority values: owner, c-level, vp, director, manager, individual-contributor, intern; checked in the
 * order c-level, vp, owner, director, manager, intern, individual-contributor so "CEO &amp; Co-founder" is c-level
 * and "VP, Engineering" is vp. Department values: executive, sales, marketing, engineering, product, data, finance,
 * hr, operations, it, legal, customer-success; the keyword that appears earliest in the title wins
 * ("Sales Engineer" is sales). Key is the lowercase, punctuation-free title.
 */
public final class JobTitleStandardizer implements Standardizer {

    public static final String NAME = "job-title";

    private record Rule(String phrase, String label) {
    }

    /** Exclusions checked before seniority rules: these contain a senior word but are not senior roles. */
    private static final List<String> ASSISTANT_PHRASES = List.of(
            " assistant to ", " executive assistant ", " ea to ", " personal assistant ", " office of the ");

    private static final List<Rule> SENIORITY = List.of(
            new Rule(" chief ", "c-level"), new Rule(" ceo ", "c-level"), new Rule(" cfo ", "c-level"),
            new Rule(" coo ", "c-level"), new Rule(" cto ", "c-level"), new Rule(" cmo ", "c-level"),
            new Rule(" cio ", "c-level"), new Rule(" cro ", "c-level"), new Rule(" cso ", "c-level"),
            new Rule(" cpo ", "c-level"), new Rule(" chro ", "c-level"), new Rule(" cco ", "c-level"),
            new Rule(" cdo ", "c-level"), new Rule(" ciso ", "c-level"), new Rule(" clo ", "c-level"),
            new Rule(" president ", "c-level"), new Rule(" managing director ", "c-level"),
            new Rule(" chairman ", "c-level"), new Rule(" chairwoman ", "c-level"), new Rule(" chair ", "c-level"),
            new Rule(" pdg ", "c-level"), new Rule(" directeur general ", "c-level"),
            new Rule(" geschaftsfuhrer ", "c-level"), new Rule(" geschaeftsfuehrer ", "c-level"),
            new Rule(" vorstand ", "c-level"), new Rule(" director general ", "c-level"),
            new Rule(" vice president ", "vp"), new Rule(" vp ", "vp"), new Rule(" svp ", "vp"), new Rule(" evp ", "vp"),
            new Rule(" avp ", "vp"), new Rule(" vice presidente ", "vp"),
            new Rule(" founder ", "owner"), new Rule(" cofounder ", "owner"), new Rule(" co founder ", "owner"),
            new Rule(" owner ", "owner"), new Rule(" proprietor ", "owner"), new Rule(" managing partner ", "owner"),
            new Rule(" founding partner ", "owner"), new Rule(" general partner ", "owner"),
            new Rule(" inhaber ", "owner"), new Rule(" gerant ", "owner"),
            new Rule(" director ", "director"), new Rule(" dir ", "director"), new Rule(" head ", "director"),
            new Rule(" directeur ", "director"), new Rule(" directrice ", "director"), new Rule(" direktor ", "director"),
            new Rule(" leiter ", "director"), new Rule(" leiterin ", "director"), new Rule(" directora ", "director"),
            new Rule(" manager ", "manager"), new Rule(" mgr ", "manager"), new Rule(" lead ", "manager"),
            new Rule(" supervisor ", "manager"), new Rule(" team leader ", "manager"), new Rule(" gerente ", "manager"),
            new Rule(" jefe ", "manager"), new Rule(" responsable ", "manager"), new Rule(" manageur ", "manager"),
            new Rule(" intern ", "intern"), new Rule(" internship ", "intern"), new Rule(" trainee ", "intern"),
            new Rule(" werkstudent ", "intern"), new Rule(" stagiaire ", "intern"), new Rule(" apprentice ", "intern"),
            new Rule(" praktikant ", "intern"), new Rule(" becario ", "intern"),
            new Rule(" engineer ", "individual-contributor"), new Rule(" developer ", "individual-contributor"),
            new Rule(" specialist ", "individual-contributor"), new Rule(" analyst ", "individual-contributor"),
            new Rule(" representative ", "individual-contributor"), new Rule(" rep ", "individual-contributor"),
            new Rule(" associate ", "individual-contributor"), new Rule(" executive ", "individual-contributor"),
            new Rule(" consultant ", "individual-contributor"), new Rule(" designer ", "individual-contributor"),
            new Rule(" coordinator ", "individual-contributor"), new Rule(" sdr ", "individual-contributor"),
            new Rule(" bdr ", "individual-contributor"), new Rule(" ae ", "individual-contributor"),
            new Rule(" scientist ", "individual-contributor"), new Rule(" architect ", "individual-contributor"),
            new Rule(" administrator ", "individual-contributor"), new Rule(" assistant ", "individual-contributor"),
            new Rule(" accountant ", "individual-contributor"), new Rule(" recruiter ", "individual-contributor"),
            new Rule(" agent ", "individual-contributor"), new Rule(" programmer ", "individual-contributor"),
            new Rule(" writer ", "individual-contributor"), new Rule(" ingenieur ", "individual-contributor"),
            new Rule(" entwickler ", "individual-contributor"), new Rule(" technician ", "individual-contributor"),
            new Rule(" officer ", "individual-contributor"), new Rule(" advisor ", "individual-contributor"),
            new Rule(" csm ", "individual-contributor"), new Rule(" staff ", "individual-contributor"),
            new Rule(" member of technical staff ", "individual-contributor"), new Rule(" clerk ", "individual-contributor"),
            new Rule(" attorney ", "individual-contributor"), new Rule(" counsel ", "individual-contributor"),
            new Rule(" paralegal ", "individual-contributor"), new Rule(" strategist ", "individual-contributor"),
            new Rule(" partner ", "individual-contributor"));

    private static final List<Rule> DEPARTMENT = List.of(
            new Rule(" ceo ", "executive"), new Rule(" chief executive ", "executive"), new Rule(" founder ", "executive"),
            new Rule(" cofounder ", "executive"), new Rule(" co founder ", "executive"), new Rule(" owner ", "executive"),
            new Rule(" president ", "executive"), new Rule(" managing director ", "executive"),
            new Rule(" general manager ", "executive"), new Rule(" chairman ", "executive"), new Rule(" pdg ", "executive"),
            new Rule(" geschaftsfuhrer ", "executive"), new Rule(" directeur general ", "executive"),
            new Rule(" sales ", "sales"), new Rule(" sdr ", "sales"), new Rule(" bdr ", "sales"), new Rule(" ae ", "sales"),
            new Rule(" account executive ", "sales"), new Rule(" account manager ", "sales"),
            new Rule(" business development ", "sales"), new Rule(" bizdev ", "sales"), new Rule(" biz dev ", "sales"),
            new Rule(" revenue ", "sales"), new Rule(" cro ", "sales"), new Rule(" commercial ", "sales"),
            new Rule(" comercial ", "sales"), new Rule(" vertrieb ", "sales"), new Rule(" ventas ", "sales"),
            new Rule(" ventes ", "sales"), new Rule(" partnerships ", "sales"), new Rule(" channel ", "sales"),
            new Rule(" marketing ", "marketing"), new Rule(" growth ", "marketing"), new Rule(" brand ", "marketing"),
            new Rule(" demand generation ", "marketing"), new Rule(" demand gen ", "marketing"),
            new Rule(" content ", "marketing"), new Rule(" seo ", "marketing"), new Rule(" communications ", "marketing"),
            new Rule(" cmo ", "marketing"), new Rule(" social media ", "marketing"), new Rule(" public relations ", "marketing"),
            new Rule(" pr ", "marketing"), new Rule(" events ", "marketing"), new Rule(" copywriter ", "marketing"),
            new Rule(" engineer ", "engineering"), new Rule(" engineering ", "engineering"), new Rule(" developer ", "engineering"),
            new Rule(" software ", "engineering"), new Rule(" devops ", "engineering"), new Rule(" sre ", "engineering"),
            new Rule(" cto ", "engineering"), new Rule(" technology ", "engineering"), new Rule(" programmer ", "engineering"),
            new Rule(" qa ", "engineering"), new Rule(" quality assurance ", "engineering"), new Rule(" frontend ", "engineering"),
            new Rule(" backend ", "engineering"), new Rule(" full stack ", "engineering"), new Rule(" fullstack ", "engineering"),
            new Rule(" r d ", "engineering"), new Rule(" technical staff ", "engineering"), new Rule(" ingenieur ", "engineering"),
            new Rule(" entwickler ", "engineering"), new Rule(" architect ", "engineering"),
            new Rule(" product ", "product"), new Rule(" cpo ", "product"), new Rule(" ux ", "product"),
            new Rule(" ui ", "product"), new Rule(" design ", "product"), new Rule(" designer ", "product"),
            new Rule(" data ", "data"), new Rule(" analytics ", "data"), new Rule(" business intelligence ", "data"),
            new Rule(" bi ", "data"), new Rule(" machine learning ", "data"),
            new Rule(" finance ", "finance"), new Rule(" financial ", "finance"), new Rule(" cfo ", "finance"),
            new Rule(" accounting ", "finance"), new Rule(" accountant ", "finance"), new Rule(" controller ", "finance"),
            new Rule(" treasury ", "finance"), new Rule(" fp a ", "finance"), new Rule(" bookkeeper ", "finance"),
            new Rule(" payroll ", "finance"), new Rule(" audit ", "finance"), new Rule(" auditor ", "finance"),
            new Rule(" tax ", "finance"), new Rule(" finanzen ", "finance"), new Rule(" financier ", "finance"),
            new Rule(" hr ", "hr"), new Rule(" human resources ", "hr"), new Rule(" people ", "hr"),
            new Rule(" talent ", "hr"), new Rule(" recruiter ", "hr"), new Rule(" recruiting ", "hr"),
            new Rule(" recruitment ", "hr"), new Rule(" chro ", "hr"),
            new Rule(" ressources humaines ", "hr"), new Rule(" recursos humanos ", "hr"),
            new Rule(" operations ", "operations"), new Rule(" ops ", "operations"), new Rule(" coo ", "operations"),
            new Rule(" operating ", "operations"), new Rule(" logistics ", "operations"), new Rule(" supply chain ", "operations"),
            new Rule(" procurement ", "operations"), new Rule(" purchasing ", "operations"), new Rule(" facilities ", "operations"),
            new Rule(" it ", "it"), new Rule(" information technology ", "it"), new Rule(" cio ", "it"),
            new Rule(" information ", "it"), new Rule(" ciso ", "it"), new Rule(" security ", "it"),
            new Rule(" sysadmin ", "it"), new Rule(" system administrator ", "it"), new Rule(" systems administrator ", "it"),
            new Rule(" network ", "it"), new Rule(" helpdesk ", "it"), new Rule(" help desk ", "it"),
            new Rule(" infrastructure ", "it"), new Rule(" informatique ", "it"),
            new Rule(" legal ", "legal"), new Rule(" counsel ", "legal"), new Rule(" attorney ", "legal"),
            new Rule(" lawyer ", "legal"), new Rule(" compliance ", "legal"), new Rule(" paralegal ", "legal"),
            new Rule(" clo ", "legal"), new Rule(" juridique ", "legal"), new Rule(" rechtsanwalt ", "legal"),
            new Rule(" customer success ", "customer-success"), new Rule(" csm ", "customer-success"),
            new Rule(" customer support ", "customer-success"), new Rule(" support ", "customer-success"),
            new Rule(" customer service ", "customer-success"), new Rule(" customer experience ", "customer-success"),
            new Rule(" client services ", "customer-success"), new Rule(" onboarding ", "customer-success"),
            new Rule(" customer care ", "customer-success"));

    @Override
    public String name() {
        return NAME;
    }

    /** Seniority label or null when no keyword is recognised. */
    public static String seniority(String title) {
        if (title == null || title.length() > 500) {
            return null;
        }
        return seniorityOf(padded(title));
    }

    /** Department label or null when no keyword is recognised. */
    public static String department(String title) {
        if (title == null || title.length() > 500) {
            return null;
        }
        return departmentOf(padded(title));
    }

    @Override
    public Standardized apply(String input, StandardizeContext context) {
        String s = Text.tidy(input);
        if (s == null) {
            return Standardized.empty();
        }
        if (s.length() > 500) {
            return Standardized.invalid("too long to be a job title");
        }
        if (!hasLetter(s)) {
            return Standardized.invalid("no letters in job title");
        }
        String p = padded(s);
        Map<String, String> attrs = new HashMap<>(2);
        String seniority = seniorityOf(p);
        String department = departmentOf(p);
        if (seniority != null) {
            attrs.put("seniority", seniority);
        }
        if (department != null) {
            attrs.put("department", department);
        }
        return Standardized.valid(s, p.trim(), attrs);
    }

    /** Lookup form with a space on both sides so " phrase " matches whole words only. */
    private static String padded(String title) {
        String k = " " + Text.lookupKey(title.replace("&", " and ").replace("/", " ")) + " ";
        // so that " president " (c-level) cannot fire inside "vice president"
        return k.replace(" vice president ", " vp ").replace(" vice presidente ", " vp ");
    }

    private static String seniorityOf(String p) {
        for (String a : ASSISTANT_PHRASES) {
            if (p.contains(a)) {
                return "individual-contributor";
            }
        }
        if (p.contains(" product owner ") || p.contains(" process owner ") || p.contains(" account owner ")) {
            return "individual-contributor";
        }
        for (Rule r : SENIORITY) {
            if (p.contains(r.phrase())) {
                return r.label();
            }
        }
        return null;
    }

    private static String departmentOf(String p) {
        int best = Integer.MAX_VALUE;
        int bestLen = 0;
        String label = null;
        for (Rule r : DEPARTMENT) {
            int i = p.indexOf(r.phrase());
            if (i >= 0 && (i < best || (i == best && r.phrase().length() > bestLen))) {
                best = i;
                bestLen = r.phrase().length();
                label = r.label();
            }
        }
        return label;
    }

    private static boolean hasLetter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetter(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
