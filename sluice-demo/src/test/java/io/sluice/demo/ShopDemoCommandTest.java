package io.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ShopDemoCommandTest {
    private final ShopDemoCommand.DurationConverter durations = new ShopDemoCommand.DurationConverter();

    @Test
    void durations_read_as_people_write_them() {
        assertThat(durations.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(durations.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(durations.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(durations.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(durations.convert("PT45S")).isEqualTo(Duration.ofSeconds(45));
        assertThatThrownBy(() -> durations.convert("soon"))
                .hasMessage("'soon' is no duration (try 30s, 2m, 1h or PT30S)");
    }

    @Test
    void the_action_shares_add_up_to_every_draw() {
        assertThat(Arrays.stream(ShopAction.values())
                        .mapToInt(ShopAction::weight)
                        .sum())
                .isEqualTo(100);
        assertThat(ShopAction.forDraw(0)).isEqualTo(ShopAction.NEW_PRODUCT);
        assertThat(ShopAction.forDraw(99)).isEqualTo(ShopAction.DELETE_PRODUCT);
    }
}
