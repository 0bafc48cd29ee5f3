//! The generated part of the C: drive: a Windows 10 installation with its programs and one
//! user profile, made up from the session's seed. Nothing is stored: a folder's children are
//! worked out from the seed and the folder's path whenever they are asked for, so opening a
//! session costs nothing however big the drive is (about 25,000 entries).

use crate::engine::time::DateTime;

/// File attributes, as the Mode column shows them (`darhsl`).
pub const READ_ONLY: u8 = 1;
pub const HIDDEN: u8 = 2;
pub const SYSTEM: u8 = 4;
pub const ARCHIVE: u8 = 8;

/// One entry of a generated folder.
#[derive(Clone, Debug)]
pub struct Item {
    pub name: String,
    pub dir: bool,
    pub attrs: u8,
    pub length: u64,
    pub written: DateTime,
}

/// Folders that refuse to be listed by a user who is not elevated.
pub const PROTECTED: [&str; 4] = [
    "C:\\System Volume Information",
    "C:\\Documents and Settings",
    "C:\\Windows\\CSC",
    "C:\\Windows\\System32\\LogFiles\\WMI\\RtBackup",
];

pub fn is_protected(path: &str) -> bool {
    PROTECTED.iter().any(|p| p.eq_ignore_ascii_case(path))
}

/// A small deterministic generator for one folder: seeded from the session and the path.
struct Rng(u64);

impl Rng {
    fn for_path(seed: u64, path: &str) -> Rng {
        // FNV-1a over the lower-cased path, mixed with the seed.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
        for b in path.to_ascii_lowercase().bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        Rng(h | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items
            .get(self.below(items.len() as u64) as usize)
            .copied()
            .unwrap_or("")
    }
    /// A file size with the long tail real folders have.
    fn size(&mut self) -> u64 {
        let r = self.below(1000);
        match r {
            0..=499 => 1_000 + self.below(60_000),
            500..=899 => 60_000 + self.below(900_000),
            _ => 1_000_000 + self.below(30_000_000),
        }
    }
    /// A time between the install (2019) and a few days before the session.
    fn date(&mut self, newest: DateTime) -> DateTime {
        let install = DateTime::from_parts(2019, 12, 7, 1, 8, 0);
        let span = (newest.0 - install.0).max(1) as u64;
        let t = install.0 + (self.below(span / 600_000_000) as i64) * 600_000_000;
        DateTime(t)
    }
}

fn dir(name: &str, attrs: u8, written: DateTime) -> Item {
    Item {
        name: name.to_string(),
        dir: true,
        attrs,
        length: 0,
        written,
    }
}

fn file(name: &str, attrs: u8, length: u64, written: DateTime) -> Item {
    Item {
        name: name.to_string(),
        dir: false,
        attrs: attrs | ARCHIVE,
        length,
        written,
    }
}

const SYSTEM32_FILES: &[&str] = &[
    "aadauthhelper.dll",
    "accessibilitycpl.dll",
    "ActionCenter.dll",
    "activeds.dll",
    "advapi32.dll",
    "apphelp.dll",
    "appinfo.dll",
    "AudioSes.dll",
    "audiosrv.dll",
    "authui.dll",
    "bcrypt.dll",
    "bcryptprimitives.dll",
    "bitsperf.dll",
    "calc.exe",
    "certutil.exe",
    "cfgmgr32.dll",
    "clbcatq.dll",
    "cmd.exe",
    "combase.dll",
    "comctl32.dll",
    "comdlg32.dll",
    "conhost.exe",
    "credui.dll",
    "crypt32.dll",
    "cryptbase.dll",
    "csrss.exe",
    "ctfmon.exe",
    "d2d1.dll",
    "d3d11.dll",
    "d3d12.dll",
    "dbghelp.dll",
    "dcomp.dll",
    "dhcpcore.dll",
    "diskpart.exe",
    "dllhost.exe",
    "dnsapi.dll",
    "dwm.exe",
    "dwmapi.dll",
    "dxgi.dll",
    "explorerframe.dll",
    "fontdrvhost.exe",
    "gdi32.dll",
    "gdi32full.dll",
    "hal.dll",
    "imm32.dll",
    "ipconfig.exe",
    "kernel32.dll",
    "KernelBase.dll",
    "lsass.exe",
    "mmc.exe",
    "msvcrt.dll",
    "mstsc.exe",
    "ncrypt.dll",
    "net.exe",
    "netapi32.dll",
    "netsh.exe",
    "notepad.exe",
    "ntdll.dll",
    "ntoskrnl.exe",
    "ole32.dll",
    "oleaut32.dll",
    "ping.exe",
    "powercfg.exe",
    "profapi.dll",
    "propsys.dll",
    "regedit.exe",
    "rpcrt4.dll",
    "rundll32.exe",
    "sechost.dll",
    "services.exe",
    "setupapi.dll",
    "shell32.dll",
    "shlwapi.dll",
    "sihost.exe",
    "smss.exe",
    "spoolsv.exe",
    "sspicli.dll",
    "svchost.exe",
    "taskhostw.exe",
    "taskmgr.exe",
    "tasklist.exe",
    "ucrtbase.dll",
    "user32.dll",
    "userenv.dll",
    "uxtheme.dll",
    "version.dll",
    "win32k.sys",
    "win32kbase.sys",
    "win32kfull.sys",
    "windows.storage.dll",
    "wininit.exe",
    "winlogon.exe",
    "winmm.dll",
    "winspool.drv",
    "wintrust.dll",
    "wldp.dll",
    "ws2_32.dll",
    "wsock32.dll",
    "wuapi.dll",
    "wuaueng.dll",
    "xcopy.exe",
];

const API_AREAS: &[&str] = &[
    "core-console",
    "core-datetime",
    "core-debug",
    "core-delayload",
    "core-errorhandling",
    "core-fibers",
    "core-file",
    "core-handle",
    "core-heap",
    "core-interlocked",
    "core-io",
    "core-libraryloader",
    "core-localization",
    "core-memory",
    "core-namedpipe",
    "core-processenvironment",
    "core-processthreads",
    "core-profile",
    "core-registry",
    "core-rtlsupport",
    "core-string",
    "core-synch",
    "core-sysinfo",
    "core-timezone",
    "core-util",
    "crt-conio",
    "crt-convert",
    "crt-environment",
    "crt-filesystem",
    "crt-heap",
    "crt-locale",
    "crt-math",
    "crt-multibyte",
    "crt-private",
    "crt-process",
    "crt-runtime",
    "crt-stdio",
    "crt-string",
    "crt-time",
    "crt-utility",
    "eventing-classicprovider",
    "eventing-provider",
    "security-base",
    "security-lsalookup",
    "security-sddl",
    "service-core",
    "service-management",
    "shcore-scaling",
    "shell-shellfolders",
];

const COMPONENTS: &[&str] = &[
    "microsoft-windows-audio",
    "microsoft-windows-bits",
    "microsoft-windows-com-base",
    "microsoft-windows-crypto",
    "microsoft-windows-d3d",
    "microsoft-windows-defender",
    "microsoft-windows-dhcp",
    "microsoft-windows-directx",
    "microsoft-windows-dns-client",
    "microsoft-windows-dwm",
    "microsoft-windows-explorer",
    "microsoft-windows-fonts",
    "microsoft-windows-gdi",
    "microsoft-windows-ie-htmlrendering",
    "microsoft-windows-kernel",
    "microsoft-windows-lsa",
    "microsoft-windows-mmc",
    "microsoft-windows-netfx",
    "microsoft-windows-network-security",
    "microsoft-windows-ole-automation",
    "microsoft-windows-powershell",
    "microsoft-windows-printing",
    "microsoft-windows-rpc",
    "microsoft-windows-search",
    "microsoft-windows-servicingstack",
    "microsoft-windows-shell",
    "microsoft-windows-smbclient",
    "microsoft-windows-tcpip",
    "microsoft-windows-terminalservices",
    "microsoft-windows-user32",
    "microsoft-windows-wmi",
    "microsoft-windows-winhttp",
];

const WORDS: &[&str] = &[
    "Adapter",
    "Agent",
    "Assets",
    "Backup",
    "Cache",
    "Catalog",
    "Client",
    "Common",
    "Config",
    "Core",
    "Data",
    "Diagnostics",
    "Drivers",
    "Engine",
    "Extensions",
    "Helper",
    "History",
    "Images",
    "Index",
    "Installer",
    "Locales",
    "Logs",
    "Manager",
    "Media",
    "Modules",
    "Packages",
    "Plugins",
    "Profiles",
    "Providers",
    "Resources",
    "Runtime",
    "Schemas",
    "Scripts",
    "Service",
    "Settings",
    "Shared",
    "Support",
    "Templates",
    "Themes",
    "Tools",
    "Update",
    "Utilities",
];

const EXTENSIONS: &[&str] = &[
    "dll", "exe", "xml", "json", "dat", "log", "txt", "ini", "cfg", "png", "ico", "mui", "cat",
    "manifest", "config", "js", "css", "html", "ps1", "psd1", "psm1",
];

const PROGRAMS: &[&str] = &[
    "Common Files",
    "Internet Explorer",
    "Microsoft Office",
    "Microsoft Update Health Tools",
    "ModifiableWindowsApps",
    "Mozilla Firefox",
    "Notepad++",
    "7-Zip",
    "Git",
    "VideoLAN",
    "Windows Defender",
    "Windows Defender Advanced Threat Protection",
    "Windows Mail",
    "Windows Media Player",
    "Windows Multimedia Platform",
    "Windows NT",
    "Windows Photo Viewer",
    "Windows Portable Devices",
    "Windows Security",
    "WindowsApps",
    "WindowsPowerShell",
];

const PROGRAMS_X86: &[&str] = &[
    "Common Files",
    "Google",
    "Internet Explorer",
    "Microsoft",
    "Microsoft.NET",
    "Windows Defender",
    "Windows Mail",
    "Windows Media Player",
    "Windows Multimedia Platform",
    "Windows NT",
    "Windows Photo Viewer",
    "Windows Portable Devices",
    "WindowsPowerShell",
];

const DOCUMENTS: &[&str] = &[
    "Budget 2026.xlsx",
    "Meeting notes.docx",
    "Project plan.docx",
    "Resume.pdf",
    "Travel checklist.txt",
    "Invoice-1043.pdf",
    "Quarterly report.pptx",
    "ideas.txt",
    "recipes.docx",
    "scan0001.pdf",
];

/// The children of a folder of the generated drive, or None if the drive does not make this
/// folder (it may still exist in the session's own changes).
pub fn children(seed: u64, path: &str, newest: DateTime) -> Option<Vec<Item>> {
    let lower = path.to_ascii_lowercase();
    let mut rng = Rng::for_path(seed, &lower);
    let install = DateTime::from_parts(2019, 12, 7, 1, 8, 0);
    let d = |rng: &mut Rng| rng.date(newest);
    let items: Vec<Item> = match lower.as_str() {
        "c:\\" => vec![
            dir("$Recycle.Bin", HIDDEN | SYSTEM, d(&mut rng)),
            dir("Documents and Settings", HIDDEN | SYSTEM, install),
            dir("PerfLogs", 0, install),
            dir("Program Files", READ_ONLY, d(&mut rng)),
            dir("Program Files (x86)", READ_ONLY, d(&mut rng)),
            dir("ProgramData", HIDDEN, d(&mut rng)),
            dir("Recovery", HIDDEN | SYSTEM, install),
            dir("System Volume Information", HIDDEN | SYSTEM, d(&mut rng)),
            dir("Temp", 0, d(&mut rng)),
            dir("Users", READ_ONLY, install),
            dir("Windows", 0, d(&mut rng)),
            file("DumpStack.log.tmp", HIDDEN | SYSTEM, 8192, d(&mut rng)),
            file("pagefile.sys", HIDDEN | SYSTEM, 2_550_136_832, d(&mut rng)),
            file("swapfile.sys", HIDDEN | SYSTEM, 268_435_456, d(&mut rng)),
        ],
        "c:\\users" => vec![
            dir("All Users", HIDDEN | SYSTEM, install),
            dir("Default", READ_ONLY | HIDDEN, install),
            dir("Default User", HIDDEN | SYSTEM, install),
            dir("Public", READ_ONLY, install),
            dir("User", 0, d(&mut rng)),
            file("desktop.ini", HIDDEN | SYSTEM, 174, install),
        ],
        "c:\\users\\user" => [
            ("3D Objects", READ_ONLY),
            ("AppData", HIDDEN),
            ("Contacts", READ_ONLY),
            ("Desktop", READ_ONLY),
            ("Documents", READ_ONLY),
            ("Downloads", READ_ONLY),
            ("Favorites", READ_ONLY),
            ("Links", READ_ONLY),
            ("Music", READ_ONLY),
            ("OneDrive", READ_ONLY),
            ("Pictures", READ_ONLY),
            ("Saved Games", READ_ONLY),
            ("Searches", READ_ONLY),
            ("Videos", READ_ONLY),
        ]
        .iter()
        .map(|(n, a)| dir(n, *a, d(&mut rng)))
        .collect::<Vec<_>>()
        .into_iter()
        .chain([file("NTUSER.DAT", HIDDEN, 3_407_872, install)])
        .collect(),
        "c:\\users\\user\\documents" => {
            let mut v = vec![dir("WindowsPowerShell", 0, d(&mut rng))];
            for n in DOCUMENTS {
                let len = rng.size() / 10;
                v.push(file(n, 0, len, d(&mut rng)));
            }
            v
        }
        "c:\\users\\user\\desktop" | "c:\\users\\user\\downloads" => (0..6 + rng.below(10))
            .map(|_| {
                let name = format!(
                    "{} {}.{}",
                    rng.pick(WORDS),
                    1 + rng.below(90),
                    rng.pick(&["zip", "pdf", "txt", "png", "msi", "exe"])
                );
                file(&name, 0, rng.size(), d(&mut rng))
            })
            .collect(),
        "c:\\program files" => PROGRAMS.iter().map(|n| dir(n, 0, d(&mut rng))).collect(),
        "c:\\program files (x86)" => PROGRAMS_X86
            .iter()
            .map(|n| dir(n, 0, d(&mut rng)))
            .collect(),
        "c:\\programdata" => [
            "Microsoft",
            "Package Cache",
            "Packages",
            "regid.1991-06.com.microsoft",
            "SoftwareDistribution",
            "USOPrivate",
            "USOShared",
            "VMware",
        ]
        .iter()
        .map(|n| dir(n, 0, d(&mut rng)))
        .collect(),
        "c:\\windows" => [
            "addins",
            "appcompat",
            "apppatch",
            "AppReadiness",
            "assembly",
            "bcastdvr",
            "Boot",
            "Branding",
            "CbsTemp",
            "CSC",
            "Cursors",
            "debug",
            "diagnostics",
            "DigitalLocker",
            "Downloaded Program Files",
            "en-US",
            "Fonts",
            "Globalization",
            "Help",
            "IME",
            "ImmersiveControlPanel",
            "INF",
            "InputMethod",
            "L2Schemas",
            "LiveKernelReports",
            "Logs",
            "Media",
            "Microsoft.NET",
            "Migration",
            "ModemLogs",
            "OCR",
            "Offline Web Pages",
            "Panther",
            "PLA",
            "PolicyDefinitions",
            "Prefetch",
            "Provisioning",
            "Registration",
            "RemotePackages",
            "rescache",
            "Resources",
            "SchCache",
            "schemas",
            "security",
            "ServiceProfiles",
            "servicing",
            "Setup",
            "ShellExperiences",
            "SKB",
            "SoftwareDistribution",
            "Speech",
            "System",
            "System32",
            "SystemApps",
            "SystemResources",
            "SysWOW64",
            "TAPI",
            "Tasks",
            "Temp",
            "tracing",
            "twain_32",
            "Vss",
            "WaaS",
            "Web",
            "WinSxS",
        ]
        .iter()
        .map(|n| dir(n, if *n == "CSC" { SYSTEM } else { 0 }, d(&mut rng)))
        .collect::<Vec<_>>()
        .into_iter()
        .chain(
            [
                "bfsvc.exe",
                "bootstat.dat",
                "DtcInstall.log",
                "explorer.exe",
                "HelpPane.exe",
                "hh.exe",
                "notepad.exe",
                "regedit.exe",
                "splwow64.exe",
                "system.ini",
                "win.ini",
                "WindowsUpdate.log",
                "winhlp32.exe",
                "write.exe",
            ]
            .iter()
            .map(|n| {
                let len = rng.size();
                file(n, 0, len, rng.date(newest))
            })
            .collect::<Vec<_>>(),
        )
        .collect(),
        "c:\\windows\\system32" | "c:\\windows\\syswow64" => {
            let mut v: Vec<Item> = [
                "drivers",
                "en-US",
                "LogFiles",
                "spool",
                "Tasks",
                "wbem",
                "WindowsPowerShell",
                "config",
                "DriverStore",
                "catroot",
                "catroot2",
            ]
            .iter()
            .map(|n| dir(n, 0, d(&mut rng)))
            .collect();
            let share = if lower.ends_with("syswow64") { 3 } else { 4 };
            for n in SYSTEM32_FILES {
                if rng.below(5) < share {
                    v.push(file(n, 0, rng.size(), d(&mut rng)));
                }
            }
            for area in API_AREAS {
                for minor in 0..(1 + rng.below(3)) {
                    for patch in 0..(1 + rng.below(2)) {
                        let name = format!("api-ms-win-{area}-l1-{minor}-{patch}.dll");
                        v.push(file(&name, 0, 10_000 + rng.below(12_000), install));
                    }
                }
            }
            for i in 0..(800 + rng.below(600)) {
                let name = format!(
                    "{}{}{}.{}",
                    rng.pick(&["", "Windows.", "Microsoft.", "wd", "ms", "nt"]),
                    rng.pick(WORDS),
                    i % 97,
                    rng.pick(&["dll", "dll", "dll", "exe", "sys", "mui", "cpl"])
                );
                v.push(file(&name, 0, rng.size(), d(&mut rng)));
            }
            v
        }
        "c:\\windows\\winsxs" => {
            let mut v = vec![
                dir("Backup", 0, d(&mut rng)),
                dir("Catalogs", 0, d(&mut rng)),
                dir("Manifests", 0, d(&mut rng)),
                dir("Temp", 0, d(&mut rng)),
            ];
            for c in COMPONENTS {
                for build in 0..(30 + rng.below(50)) {
                    let name = format!(
                        "{}_{c}-{}_31bf3856ad364e35_10.0.19041.{}_none_{:016x}",
                        rng.pick(&["amd64", "wow64", "x86", "msil"]),
                        rng.pick(WORDS).to_ascii_lowercase(),
                        1 + build * 17 + rng.below(17),
                        rng.next()
                    );
                    v.push(dir(&name, 0, d(&mut rng)));
                }
            }
            v
        }
        _ => generic(&mut rng, &lower, newest)?,
    };
    Some(items)
}

/// Folders below the named ones: a few subfolders while shallow, and files.
fn generic(rng: &mut Rng, lower: &str, newest: DateTime) -> Option<Vec<Item>> {
    let depth = lower.matches('\\').count();
    let under = |p: &str| lower.starts_with(p);
    let known_root = under("c:\\windows\\")
        || under("c:\\program files")
        || under("c:\\programdata\\")
        || under("c:\\users\\user\\")
        || under("c:\\users\\public")
        || under("c:\\perflogs")
        || under("c:\\temp");
    if !known_root || depth > 9 {
        return None;
    }
    // Folders that hold only a handful of files.
    let leafy = under("c:\\windows\\winsxs\\") || under("c:\\perflogs") || under("c:\\temp");
    let mut v = Vec::new();
    let subdirs = if leafy || depth >= 5 {
        0
    } else {
        rng.below(if depth <= 3 { 6 } else { 3 })
    };
    for _ in 0..subdirs {
        let name = rng.pick(WORDS).to_string();
        if !v.iter().any(|i: &Item| i.name == name) {
            let t = rng.date(newest);
            v.push(dir(&name, 0, t));
        }
    }
    let files = if under("c:\\temp") || under("c:\\perflogs") {
        0
    } else {
        2 + rng.below(if leafy { 4 } else { 9 })
    };
    for _ in 0..files {
        let name = format!(
            "{}{}.{}",
            rng.pick(WORDS),
            rng.below(40),
            rng.pick(EXTENSIONS)
        );
        if !v.iter().any(|i: &Item| i.name.eq_ignore_ascii_case(&name)) {
            let (len, t) = (rng.size(), rng.date(newest));
            v.push(file(&name, 0, len, t));
        }
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(seed: u64, path: &str, count: &mut usize, dirs: &mut usize) {
        let newest = DateTime::from_parts(2026, 11, 1, 0, 0, 0);
        let Some(items) = children(seed, path, newest) else {
            return;
        };
        *dirs += 1;
        for i in items {
            *count += 1;
            if i.dir {
                let child = if path.ends_with('\\') {
                    format!("{path}{}", i.name)
                } else {
                    format!("{path}\\{}", i.name)
                };
                if !is_protected(&child) {
                    walk(seed, &child, count, dirs);
                }
            }
        }
    }

    #[test]
    fn the_drive_is_big_realistic_and_the_same_every_time() {
        let (mut a, mut dirs) = (0, 0);
        walk(7, "C:\\", &mut a, &mut dirs);
        assert!(a > 20_000, "only {a} entries");
        let (mut b, mut dirs_b) = (0, 0);
        walk(7, "C:\\", &mut b, &mut dirs_b);
        assert_eq!((a, dirs), (b, dirs_b));
        let newest = DateTime::from_parts(2026, 11, 1, 0, 0, 0);
        let windows = children(7, "C:\\Windows", newest).unwrap();
        assert!(windows.iter().any(|i| i.name == "System32" && i.dir));
        assert!(children(7, "C:\\NoSuchFolder", newest).is_none());
    }
}
