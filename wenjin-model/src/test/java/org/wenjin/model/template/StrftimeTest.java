package org.wenjin.model.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class StrftimeTest {

    private static final ZonedDateTime TIME = ZonedDateTime.of(2025, 3, 5, 14, 7, 9, 0, ZoneOffset.UTC);

    @Test
    void formatsTheDirectivesChatTemplatesUse() {
        assertThat(Strftime.format("%d %b %Y", TIME)).isEqualTo("05 Mar 2025");
        assertThat(Strftime.format("%B %-d, %Y", TIME)).isEqualTo("March 5, 2025");
        assertThat(Strftime.format("%A %a %m/%d/%y %H:%M:%S %I%p %j %F %T 100%%", TIME))
                .isEqualTo("Wednesday Wed 03/05/25 14:07:09 02PM 064 2025-03-05 14:07:09 100%");
        assertThat(Strftime.format("%Q stays", TIME)).isEqualTo("%Q stays");
    }
}
