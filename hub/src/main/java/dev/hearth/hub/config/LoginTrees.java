package dev.hearth.hub.config;

import dev.hearth.hub.adapters.NativeTopics;
import dev.hearth.hub.adapters.Protocol;
import dev.hearth.hub.adapters.profile.Profile;
import dev.hearth.hub.adapters.profile.Template;
import dev.hearth.hub.broker.TopicFilters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The MQTT trees hearth.yml gives its native logins, checked once when it is read: a login's own topics (what its
 * profile lets it publish to and subscribe to, its {@code topic:} filled in) may not overlap Hearth's own trees, nor
 * another login's own topics, nor a tree another protocol's devices share. A Shelly with {@code topic: devices} would
 * otherwise publish {@code devices/<id>/state} as any Hearth device and read its commands; a Zigbee2MQTT bridge with
 * {@code topic: tele} would speak as every Tasmota plug. A device speaking Home Assistant discovery has no profile: its
 * tree is {@code <node>/#}.
 */
final class LoginTrees {
    private LoginTrees() {
    }

    /** One login that would share topics with another tree: its place in {@code devices:} and a sentence naming both. */
    record Overlap(int device, String message) {
    }

    /** A tree and who has it, in the words of a message. */
    private record Tree(String owner, List<String> filters) {
    }

    static List<Overlap> overlaps(List<DeviceCredential> devices, HomeAssistantSettings homeassistant,
                                  Map<Protocol, Profile> profiles) {
        List<Tree> hearths = new ArrayList<>();
        NativeTopics.HEARTH_TREES.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(tree -> hearths.add(new Tree(tree.getValue(), List.of(tree.getKey() + "/#"))));
        hearths.add(new Tree("Home Assistant's discovery prefix '" + homeassistant.prefix() + "' (homeassistant.prefix)",
                List.of(homeassistant.prefix() + "/#")));
        List<Tree> own = new ArrayList<>();
        List<Tree> shared = new ArrayList<>();
        for (DeviceCredential device : devices) {
            Profile profile = device.protocol().hasProfile() ? profiles.get(device.protocol()) : null;
            if (profile == null && device.protocol() != Protocol.HA_DISCOVERY) {
                own.add(null);
                shared.add(null);
                continue;
            }
            String owner = "login '" + device.id() + "' (" + device.protocol().configName() + ", topic '" + device.nativeTopic() + "')";
            if (profile == null) {
                // Home Assistant discovery, read by code: its configs are its own by their <node> level
                // (homeassistant/+/<node>/+/config, under the prefix checked above); all its other topics are <node>/#
                own.add(new Tree(owner, List.of(device.nativeTopic() + "/#")));
                shared.add(null);
                continue;
            }
            Map<String, String> root = Map.of("topic", device.nativeTopic());
            own.add(new Tree(owner, render(Stream.concat(profile.publish().stream(), profile.subscribe().stream()), root)));
            shared.add(new Tree("the shared tree every " + device.protocol().configName() + " login publishes to",
                    render(profile.swallow().stream(), root)));
        }
        List<Overlap> overlaps = new ArrayList<>();
        for (int j = 0; j < own.size(); j++) {
            Tree login = own.get(j);
            if (login == null) {
                continue;
            }
            List<Tree> others = new ArrayList<>(hearths);
            for (int i = 0; i < own.size(); i++) {
                if (i < j && own.get(i) != null) {
                    others.add(own.get(i));
                }
                if (i != j && shared.get(i) != null && devices.get(i).protocol() != devices.get(j).protocol()
                        && !others.contains(shared.get(i))) { // one tree, however many logins share it
                    others.add(shared.get(i));
                }
            }
            for (Tree other : others) {
                int device = j;
                firstOverlap(login, other).ifPresent(message -> overlaps.add(new Overlap(device, message)));
            }
        }
        return overlaps;
    }

    private static Optional<String> firstOverlap(Tree login, Tree other) {
        for (String mine : login.filters()) {
            for (String theirs : other.filters()) {
                if (TopicFilters.overlap(mine, theirs)) {
                    return Optional.of(login.owner() + " would share topics with " + other.owner() + ": its "
                            + mine + " overlaps " + theirs + "; a login's topics must be its own, or it could publish as the"
                            + " other and read what is meant for it (give it another topic)");
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> render(Stream<Template> templates, Map<String, String> root) {
        return templates.map(template -> template.render(root)).distinct().toList();
    }
}
