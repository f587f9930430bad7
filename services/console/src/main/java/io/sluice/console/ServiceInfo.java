package io.sluice.console;

import io.sluice.core.config.Settings;
import io.sluice.core.service.Flow;
import io.sluice.core.service.ServiceRegistry;
import io.sluice.core.service.SluiceService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A service the console shows: its name, title, URL, and what it reads and writes ({@link Flow}, from its provider
 * when this jar has it, else nothing).
 */
record ServiceInfo(String name, String title, String url, Flow flow) {
    /** The services of {@code urls}, with titles and flows from the registry's providers under {@code settings}. */
    static List<ServiceInfo> of(Map<String, String> urls, ServiceRegistry registry, Settings settings) {
        List<ServiceInfo> out = new ArrayList<>();
        urls.forEach((name, url) -> {
            SluiceService provider = registry == null ? null : find(registry, name);
            if (provider == null) {
                out.add(new ServiceInfo(name, name, url, Flow.NONE));
                return;
            }
            Flow flow;
            try {
                flow = provider.flow(ServiceRegistry.settingsFor(provider, settings));
            } catch (RuntimeException e) { // a configuration only that service's start would refuse: no edges
                flow = Flow.NONE;
            }
            out.add(new ServiceInfo(name, provider.title(), url, flow));
        });
        return out;
    }

    private static SluiceService find(ServiceRegistry registry, String name) {
        return registry.services().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElse(null);
    }
}
