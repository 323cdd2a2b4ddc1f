; Inno Setup 6.5+ script: the Windows setup program of 政府信息公开年报编辑器.
; Build with installer\windows\build.ps1, which bundles the program with PyInstaller and then runs
;   ISCC /DAppVersion=X.Y.Z /DBundleDir=<dist\report-editor> /DSetupIcon=<app.ico> report-editor.iss
; Installs per user without administrator rights; the first wizard page offers an install for all users.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\report-editor"
#endif
#ifndef SetupIcon
  #define SetupIcon "..\..\build\app.ico"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
; Inno Setup ships no Simplified Chinese messages before 6.5; build.ps1 fetches the translation pinned to
; a commit of the Inno Setup repository into this folder (a doubled backslash in these paths is harmless).
; Without it, the compiler's own copy (Inno Setup 6.5 and later) is used.
#if FileExists(SourcePath + "\ChineseSimplified.isl")
  #define ZhMessages "ChineseSimplified.isl"
#elif FileExists(CompilerPath + "\Languages\ChineseSimplified.isl")
  #define ZhMessages "compiler:Languages\ChineseSimplified.isl"
#else
  #error 缺少简体中文界面文件 ChineseSimplified.isl：请运行 build.ps1，或使用 Inno Setup 6.5 及以上版本
#endif

#define AppName "政府信息公开年报编辑器"
#define AppExe "report-editor.exe"
#define ProgId "GovReportEditor.gknb"
#define FileTypeName "政府信息公开工作年度报告"

[Setup]
; AppId identifies the program for upgrades and the uninstaller: never change it.
AppId={{6F1C2B9E-4E43-4C1B-9B0E-2D6A3A8F5C71}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}开发组
VersionInfoVersion={#AppVersion}
VersionInfoDescription={#AppName}安装程序
; {autopf}: %LOCALAPPDATA%\Programs for a per-user install, Program Files for all users.
DefaultDirName={autopf}\GovReportEditor
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 runs on Windows 10 1809 and later.
MinVersion=10.0.17763
ChangesAssociations=yes
CloseApplications=yes
OutputDir={#OutputDir}
OutputBaseFilename=gov-report-editor-setup-{#AppVersion}
SetupIconFile={#SetupIcon}
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no

[Languages]
Name: "chinesesimplified"; MessagesFile: "{#ZhMessages}"

[CustomMessages]
chinesesimplified.AssocTask=双击 .gknb 年报文件时用本程序打开

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "assoc"; Description: "{cm:AssocTask}"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "填写、检查、导出政府信息公开工作年度报告"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; HKA is HKCU\Software\Classes for a per-user install and HKLM\Software\Classes for all users.
Root: HKA; Subkey: "Software\Classes\.gknb"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\.gknb\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{#FileTypeName}"; Flags: uninsdeletekey; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".gknb"; ValueData: ""; Flags: uninsdeletekey; Tasks: assoc

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
