package org.wenjin.retrieval.document;

import java.util.ArrayList;
import java.util.List;

/** The headings a parser has passed, by level, giving the current section trail. */
final class Outline {

    private final String[] byLevel = new String[7];
    private int sectionNumber;

    /**
     * A heading of {@code level} (1 to 6) starts a new section and closes every deeper one. Level 0 is a
     * page or slide ("page 3"), above every heading.
     */
    void enter(int level, String heading) {
        byLevel[level] = heading;
        for (int deeper = level + 1; deeper < byLevel.length; deeper++) {
            byLevel[deeper] = null;
        }
        sectionNumber++;
    }

    /** A heading that is the document's title starts a section but does not appear in the trail. */
    void enterTitle() {
        sectionNumber++;
    }

    int sectionNumber() {
        return sectionNumber;
    }

    String section() {
        List<String> trail = new ArrayList<>();
        for (String heading : byLevel) {
            if (heading != null && !heading.isEmpty()) {
                trail.add(heading);
            }
        }
        return String.join(" > ", trail);
    }
}
