package dev.hearth.hub;

import static dev.hearth.hub.HubFixture.BED_PASSWORD;
import static dev.hearth.hub.HubFixture.COFFEE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.hearth.hub.security.PasswordHasher;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.device.Bed;
import dev.hearth.simulator.device.CoffeeMachine;
import dev.hearth.simulator.device.Thermostat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser (Debian's headless Chromium, driven by Playwright) against a
 * real hub with simulated devices. Screenshots and the measured first paint land in
 * target/dashboard-screenshots/.
 */
class DashboardIT extends SharedHub {
    /** CI installs it (.ci/run); Playwright must not download a browser of its own. */
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path ARTEFACTS = Path.of("target", "dashboard-screenshots");
    private static final String THERMOSTAT = "thermo-1";

    private final ScheduledExecutorService deviceThreads = Executors.newScheduledThreadPool(2);
    private Playwright playwright;
    private Browser browser;
    private Bed bed;
    private CoffeeMachine coffee;
    private Thermostat thermostat;
    private BrowserContext context;
    private Page page;

    /** The hub of every test, with a Tasmota plug whose MQTT user is not its id: its page says where it comes from. */
    @Override
    @BeforeAll
    void startHub(@TempDir Path folder) throws Exception {
        hub = HubFixture.startWithDevices(folder, Files.readString(HubFixture.repositoryFile("deploy/rules/morning-coffee.yaml")),
                "  - { id: plug-1, protocol: tasmota, username: tasmota-plug-1, password-hash: \"" + PasswordHasher.hash("plug-secret")
                        + "\" }\n");
    }

    @BeforeAll
    void startBrowserAndDevices() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as("%s is missing: apt-get install -y chromium", CHROMIUM).isTrue();
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
        PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
        Files.createDirectories(ARTEFACTS);

        SimulationContext devices = new SimulationContext(hub.brokerUri(), deviceThreads, Clock.systemUTC());
        String thermostatPassword = HubFixture.json(hub.send("POST", "/api/devices",
                "{\"id\":\"" + THERMOSTAT + "\",\"type\":\"thermostat\"}", hub.adminToken)).path("password").asText();
        bed = new Bed("bed-1", BED_PASSWORD, devices);
        coffee = new CoffeeMachine("coffee-1", COFFEE_PASSWORD, devices, Duration.ofMillis(200));
        thermostat = new Thermostat(THERMOSTAT, thermostatPassword, devices);
        coffee.connect();
        bed.connect();
        thermostat.connect();
    }

    @AfterAll
    void stopBrowserAndDevices() {
        for (AutoCloseable closeable : new AutoCloseable[] {thermostat, bed, coffee, browser, playwright}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // the hub stops next anyway
            }
        }
        deviceThreads.shutdownNow();
    }

    @BeforeEach
    void openPage() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
        page = context.newPage();
    }

    @AfterEach
    void closePage() {
        context.close();
    }

    @Test
    void aDevicesStateChangesOnThePageWhenTheDeviceReports() {
        signIn(page, hub.adminToken);
        Locator occupant = page.locator("[data-device='bed-1'] dd[data-attribute='occupant']");
        PlaywrightAssertions.assertThat(occupant).hasText("asleep");
        PlaywrightAssertions.assertThat(page.locator("[data-device='bed-1'] .badge")).hasText("online");
        PlaywrightAssertions.assertThat(page.locator("#live")).hasAttribute("data-state", "open");
        page.evaluate("window.notReloaded = true");

        bed.wakeUp();

        PlaywrightAssertions.assertThat(occupant).hasText("awake");
        bed.fallAsleep(); // before the rule's 2 s: this test wants no brew
        assertThat(page.evaluate("window.notReloaded === true")).as("updated in place, not reloaded").isEqualTo(true);
        PlaywrightAssertions.assertThat(occupant).hasText("asleep");
        screenshots("devices", "[data-device='bed-1']");
    }

    @Test
    void aDevicePageSaysWhichProtocolTheDeviceCameFrom() {
        signIn(page, hub.adminToken);
        page.navigate(dashboard("#/devices/plug-1"));
        PlaywrightAssertions.assertThat(page.locator("p.meta .protocol")).hasText("tasmota, login tasmota-plug-1 (plug-1)");
        page.navigate(dashboard("#/devices/" + THERMOSTAT));
        PlaywrightAssertions.assertThat(page.locator("p.meta .protocol")).hasText("hearth");
    }

    @Test
    void aDevicePagePlotsHistoryAndSendsCommands() {
        signIn(page, hub.adminToken);
        page.navigate(dashboard("#/devices/" + THERMOSTAT));

        Locator temperature = page.locator("figure.plot[data-attribute='temperature']");
        PlaywrightAssertions.assertThat(temperature).hasAttribute("data-points", Pattern.compile("[1-9]\\d*"));
        PlaywrightAssertions.assertThat(temperature.locator("canvas").first()).isVisible();
        page.getByText("Last day").click();
        PlaywrightAssertions.assertThat(temperature).hasAttribute("data-points", Pattern.compile("[1-9]\\d*"));

        page.getByLabel("Command", new Page.GetByLabelOptions().setExact(true)).selectOption("set-target");
        page.getByLabel("value").fill("22.5");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send")).click();
        PlaywrightAssertions.assertThat(page.locator("form.command output")).containsText("set-target: ok");
        PlaywrightAssertions.assertThat(page.locator("tr[data-attribute='target'] .value")).hasText("22.5");
        Locator recent = page.locator("section[aria-labelledby='recent-title'] tbody tr").first();
        PlaywrightAssertions.assertThat(recent).containsText("set-target");
        PlaywrightAssertions.assertThat(recent).containsText("ok");
        assertEveryFieldIsLabelled();
        screenshots("device", "figure.plot canvas");
    }

    @Test
    void runNowOnTheRulePageShowsANewTraceWithTheBrewCommand() {
        signIn(page, hub.adminToken);
        page.navigate(dashboard("#/rules"));
        PlaywrightAssertions.assertThat(page.locator("[data-rule='morning-coffee']")).containsText("enabled");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("morning-coffee")).click();
        PlaywrightAssertions.assertThat(page.locator("pre.yaml")).containsText("command: coffee-1.brew");
        Locator traces = page.locator("article.trace");
        int before = traces.count();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Run now")).click();

        page.waitForCondition(() -> traces.count() > before);
        PlaywrightAssertions.assertThat(traces.first()).containsText("coffee-1.brew");
        PlaywrightAssertions.assertThat(traces.first()).containsText("completed");
        assertThat(coffee.receivedCommands()).anyMatch(command -> command.name().equals("brew"));

        page.getByLabel("Device", new Page.GetByLabelOptions().setExact(true)).selectOption("coffee-1");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
        PlaywrightAssertions.assertThat(traces.first()).containsText("coffee-1.brew");
        assertEveryFieldIsLabelled();
        screenshots("rule", "article.trace");
    }

    @Test
    void aReadOnlyTokenSeesButCannotAct() {
        page.navigate(dashboard("#/login"));
        page.getByLabel("API token").fill("hth_wrong");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.ALERT)).containsText("does not know this token");

        signIn(page, hub.readToken);
        page.navigate(dashboard("#/rules/morning-coffee"));
        PlaywrightAssertions.assertThat(page.locator("pre.yaml")).isVisible();
        PlaywrightAssertions.assertThat(page.getByText("This token is read-only")).isVisible();
        assertThat(page.locator("button[data-action]").count()).as("no Disable, Run now or Dry run").isZero();

        Object status = page.evaluate("token => fetch('api/rules/morning-coffee/disable', "
                + "{method: 'POST', headers: {Authorization: 'Bearer ' + token}}).then(response => response.status)", hub.readToken);
        assertThat(status).as("the hub refuses a forced POST").isEqualTo(403);
        assertThat(hub.getJson("/api/rules/morning-coffee").path("enabled").asBoolean()).isTrue();

        page.navigate(dashboard("#/devices/coffee-1"));
        PlaywrightAssertions.assertThat(page.getByText("sending commands needs an admin token")).isVisible();
        assertThat(page.locator("form.command").count()).isZero();
    }

    /** Not a pass/fail check (the machine is shared): the figure goes into the README. */
    @Test
    void measuresTheFirstPaintOfAColdLoad() throws IOException {
        List<Double> millis = new ArrayList<>();
        for (int run = 0; run < 5; run++) {
            try (BrowserContext cold = browser.newContext()) {
                Page fresh = cold.newPage();
                fresh.navigate(dashboard("#/login"));
                fresh.waitForFunction("performance.getEntriesByName('first-contentful-paint').length > 0");
                millis.add(((Number) fresh.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")).doubleValue());
            }
        }
        String line = "first contentful paint, cold load of the login page (ms): " + millis;
        System.out.println(line);
        Files.writeString(ARTEFACTS.resolve("first-paint.txt"), line + "\n");
        assertThat(millis).allMatch(value -> value > 0);
    }

    private String dashboard(String hash) {
        return "http://127.0.0.1:" + hub.hub.httpPort() + "/" + hash;
    }

    private void signIn(Page on, String token) {
        on.navigate(dashboard("#/login"));
        on.getByLabel("API token").fill(token);
        on.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        PlaywrightAssertions.assertThat(on.locator("h1")).hasText("Devices");
    }

    /** Every input, select and text area has a label a screen reader can read out. */
    private void assertEveryFieldIsLabelled() {
        Object unlabelled = page.evaluate("[...document.querySelectorAll('input, select, textarea')]"
                + ".filter(field => !field.labels?.length && !field.getAttribute('aria-label')).map(field => field.outerHTML)");
        assertThat((List<?>) unlabelled).isEmpty();
    }

    /** The current page on a desktop and on a phone-sized screen (390 px wide), once {@code ready} shows. */
    private void screenshots(String name, String ready) {
        page.screenshot(new Page.ScreenshotOptions().setPath(ARTEFACTS.resolve(name + "-desktop.png")).setFullPage(true));
        try (BrowserContext phone = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(390, 844).setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true))) {
            Page small = phone.newPage();
            small.addInitScript("sessionStorage.setItem('hearth.token', " + quoted(hub.adminToken) + ")");
            small.navigate(page.url());
            small.locator(ready).first().waitFor();
            small.screenshot(new Page.ScreenshotOptions().setPath(ARTEFACTS.resolve(name + "-phone.png")).setFullPage(true));
        }
    }

    private static String quoted(String text) {
        return "'" + text.replace("'", "\\'") + "'";
    }
}
