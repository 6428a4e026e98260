package demo

// agent is a client as Entra ID records it: the user agent string and the
// derived DeviceDetail and ClientAppUsed values.
type agent struct {
	ua, os, browser, client, protocol string
}

const (
	uaEdge    = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0"
	uaChrome  = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"
	uaFirefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0"
	uaSafari  = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"
	uaMacCh   = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"
	uaIOS     = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
	uaAndroid = "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.6723.102 Mobile Safari/537.36"
	uaPixel   = "Mozilla/5.0 (Linux; Android 15; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.6723.107 Mobile Safari/537.36"
)

var laptopAgents = []*agent{
	{uaEdge, "Windows10", "Edge 130.0.0", "Browser", "none"},
	{uaEdge, "Windows10", "Edge 130.0.0", "Browser", "none"},
	{uaEdge, "Windows10", "Edge 130.0.0", "Browser", "none"},
	{uaChrome, "Windows10", "Chrome 130.0.0", "Browser", "none"},
	{uaChrome, "Windows10", "Chrome 130.0.0", "Browser", "none"},
	{uaFirefox, "Windows10", "Firefox 132.0", "Browser", "none"},
	{uaSafari, "MacOs", "Safari 18.1", "Browser", "none"},
	{uaMacCh, "MacOs", "Chrome 130.0.0", "Browser", "none"},
	{"Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.22631; en-US) PowerShell/7.4.6", "Windows10", "", "Mobile Apps and Desktop clients", "none"},
}

var phoneAgents = []*agent{
	{"Outlook-iOS/2.0", "Ios", "", "Mobile Apps and Desktop clients", "none"},
	{"Outlook-Android/2.0", "Android", "", "Mobile Apps and Desktop clients", "none"},
	{uaIOS, "Ios", "Mobile Safari 18.1", "Browser", "none"},
	{uaAndroid, "Android", "Chrome Mobile 130.0.6723", "Browser", "none"},
	{"Microsoft Teams/24295.604.3194.7430 (iOS 18.1; iPhone15,3)", "Ios", "", "Mobile Apps and Desktop clients", "none"},
}

// activeSync is an old phone mail client that keeps retrying a stale password.
var activeSync = &agent{"Apple-iPhone14C2/2107.3", "Ios", "", "Exchange ActiveSync", "none"}

// Attack tools as they show up in sign-in logs.
var (
	sprayAgent = &agent{"python-requests/2.32.3", "", "", "Mobile Apps and Desktop clients", "ropc"}
	stuffAgent = &agent{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36", "Windows10", "Chrome 119.0.0", "Browser", "none"}
	ropcAgent  = &agent{"BAV2ROPC", "", "", "Authenticated SMTP", "ropc"}
	// distributedAgents is the small set of user agents shared by the
	// rotating-proxy campaign: slightly stale but ordinary-looking browsers.
	distributedAgents = []*agent{
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36", "Windows10", "Chrome 118.0.0", "Browser", "none"},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0", "Windows10", "Edge 120.0.0", "Browser", "none"},
		{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Safari/605.1.15", "MacOs", "Safari 16.6", "Browser", "none"},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1", "Ios", "Mobile Safari 16.6", "Browser", "none"},
	}
)

// shopAgents are the browsers of shop customers.
var shopAgents = []string{
	uaChrome, uaChrome, uaEdge, uaFirefox, uaSafari, uaMacCh, uaIOS, uaIOS, uaIOS, uaAndroid, uaAndroid, uaPixel,
	"Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.6668.100 Mobile Safari/537.36 SamsungBrowser/26.0",
	"Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
}

// webStuffAgents are shared by the rotating-proxy campaign on the shop login.
var webStuffAgents = []string{
	"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/117.0.0.0 Mobile Safari/537.36",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.5 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/117.0.0.0 Safari/537.36",
}

// app is an Entra ID application and the resource it signs in to.
type app struct {
	name, id, resource, resourceID string
}

var (
	appOfficeHome = &app{"OfficeHome", "4765445b-32c6-49b0-83e6-1d93765276ca", "Office 365 SharePoint Online", "00000003-0000-0ff1-ce00-000000000000"}
	appTeams      = &app{"Microsoft Teams", "1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams Services", "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe"}
	appOutlook    = &app{"One Outlook Web", "9199bf20-a13f-4107-85dc-02114787ef48", "Office 365 Exchange Online", "00000002-0000-0ff1-ce00-000000000000"}
	appExchange   = &app{"Office 365 Exchange Online", "00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online", "00000002-0000-0ff1-ce00-000000000000"}
	appSharePoint = &app{"Office 365 SharePoint Online", "00000003-0000-0ff1-ce00-000000000000", "Office 365 SharePoint Online", "00000003-0000-0ff1-ce00-000000000000"}
	appMyApps     = &app{"My Apps", "2793995e-0a7d-40d7-bd35-6968ba142197", "Microsoft Graph", "00000003-0000-0000-c000-000000000000"}
	appPortal     = &app{"Azure Portal", "c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "Windows Azure Service Management API", "797f4846-ba00-4fd7-ba43-dac1f8f63013"}
	appOffice     = &app{"Microsoft Office", "d3590ed6-52b3-4102-aeff-aad2292ab01c", "Microsoft Graph", "00000003-0000-0000-c000-000000000000"}
	appAADPS      = &app{"Azure Active Directory PowerShell", "1b730954-1685-4b74-9bfd-dac224a7b894", "Windows Azure Active Directory", "00000002-0000-0000-c000-000000000000"}
	appWorkday    = &app{"Workday", "b0a3f1c4-2d5e-4f6a-9b8c-7d1e2f3a4b5c", "Workday", "b0a3f1c4-2d5e-4f6a-9b8c-7d1e2f3a4b5c"}
)

// officeApps and their weights for ordinary interactive sign-ins.
var (
	officeApps   = []*app{appOfficeHome, appTeams, appOutlook, appSharePoint, appMyApps, appOffice, appWorkday, appPortal}
	officeWeight = []float64{30, 25, 20, 10, 5, 6, 3, 1}
)
