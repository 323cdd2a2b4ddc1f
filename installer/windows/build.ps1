<#
  Builds the Windows setup program dist\gov-report-editor-setup-<version>.exe.

    powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1

  Needs Python 3.11-3.13 with the project and PyInstaller at the pinned versions
  (python -m pip install -c installer/constraints.txt -e ".[build]"), and Inno Setup
  6.5 or later: when none is found, a pinned Inno Setup 6.5.4 is downloaded, its SHA-256 checked, and
  installed for the current user under build\innosetup. The Simplified Chinese wizard messages are fetched
  from the Inno Setup repository pinned to one commit (Inno Setup ships them only since 6.5).
  Steps: PyInstaller bundle -> smoke test of the bundled program -> Inno Setup.
#>
param(
    [string]$Python = "python",
    # Use a bundle already in dist\report-editor (built by an earlier run).
    [switch]$SkipBundle
)
$ErrorActionPreference = "Stop"
$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $Root

$IslCommit = "2fac1b77a685e9bf566ffd2b007f4a0a0aae1c92"
$IslUrl = "https://raw.githubusercontent.com/jrsoftware/issrc/$IslCommit/Files/Languages/ChineseSimplified.isl"
$InnoUrl = "https://files.jrsoftware.org/is/6/innosetup-6.5.4.exe"
$InnoSha256 = "FA73BF47A4DA250D185D07561C2BFDA387E5E20DB77E4570004CF6A133CC10B1"
$MinInno = [version]"6.5.0"

function Invoke-Native {
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "命令失败（退出码 $LASTEXITCODE）：$Exe $($Arguments -join ' ')" }
}

function Get-InnoVersion([string]$Path) {
    try { return [version]((Get-Item $Path).VersionInfo.ProductVersion -replace '[^0-9.].*$', '') }
    catch { return [version]"0.0" }
}

function Find-Iscc {
    $candidates = @(
        (Join-Path $Root "build\innosetup\ISCC.exe"),
        "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe",
        "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
        "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe"
    )
    $onPath = Get-Command ISCC.exe -ErrorAction SilentlyContinue
    if ($onPath) { $candidates += $onPath.Source }
    foreach ($c in $candidates) {
        if ($c -and (Test-Path $c) -and ((Get-InnoVersion $c) -ge $MinInno)) { return $c }
    }
    return $null
}

function Install-PinnedInno {
    $setup = Join-Path $Root "build\innosetup-6.5.4.exe"
    New-Item -ItemType Directory -Force (Split-Path $setup) | Out-Null
    Write-Host "下载 Inno Setup 6.5.4：$InnoUrl"
    Invoke-WebRequest -Uri $InnoUrl -OutFile $setup -UseBasicParsing
    $hash = (Get-FileHash $setup -Algorithm SHA256).Hash
    if ($hash -ne $InnoSha256) { throw "Inno Setup 安装程序校验失败：SHA-256 为 $hash，应为 $InnoSha256" }
    $dir = Join-Path $Root "build\innosetup"
    $p = Start-Process -FilePath $setup -Wait -PassThru -ArgumentList @(
        "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/SP-", "/CURRENTUSER", "/NOICONS", "/DIR=`"$dir`"")
    if ($p.ExitCode -ne 0) { throw "Inno Setup 安装失败（退出码 $($p.ExitCode)）" }
}

function Get-ChineseMessages {
    $isl = Join-Path $PSScriptRoot "ChineseSimplified.isl"
    if (Test-Path $isl) { return }
    Write-Host "下载简体中文界面文件（issrc@$IslCommit）"
    $bytes = (Invoke-WebRequest -Uri $IslUrl -UseBasicParsing).RawContentStream.ToArray()
    $text = [System.Text.Encoding]::UTF8.GetString($bytes).TrimStart([char]0xFEFF)
    if ($text -notmatch 'LanguageID=\$0804') { throw "下载的 ChineseSimplified.isl 不是简体中文界面文件" }
    # Inno Setup reads a messages file as Unicode only with a byte order mark.
    [System.IO.File]::WriteAllText($isl, $text, (New-Object System.Text.UTF8Encoding $true))
}

$Version = (& $Python -c "import editor; print(editor.__version__)").Trim()
if ($LASTEXITCODE -ne 0) { throw "无法读取版本号（需要在仓库根目录运行，且已安装 Python）" }
Write-Host "版本 $Version"

$Bundle = Join-Path $Root "dist\report-editor"
if (-not $SkipBundle) {
    $started = Get-Date
    Invoke-Native $Python @("-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--distpath", "dist",
        "--workpath", "build\pyinstaller", "installer\report-editor.spec")
    Write-Host ("程序目录生成用时 {0:N0} 秒" -f ((Get-Date) - $started).TotalSeconds)
}
$size = (Get-ChildItem $Bundle -Recurse -File | Measure-Object -Property Length -Sum).Sum / 1MB
Write-Host ("程序目录：$Bundle（{0:N1} MiB）" -f $size)

# Smoke test of the bundled program before packaging it: version, a check, and the editor's screenshot.
$Cli = Join-Path $Bundle "report-editor-cli.exe"
$shown = (& $Cli --version).Trim()
if ($shown -ne "report-editor $Version") { throw "打包后的程序版本不符：$shown" }
$Sample = Join-Path $Root "build\sample.gknb"
New-Item -ItemType Directory -Force (Split-Path $Sample) | Out-Null
Invoke-Native $Python @("-c", "from editor.samples import sample_report; from editor.io.native import write_native; write_native(sample_report(2024), r'$Sample', backup=False)")
Invoke-Native $Cli @("check", $Sample)
$env:QT_QPA_PLATFORM = "offscreen"
if ((& $Cli --help) -match '^\s+gui\s') {
    $Shot = Join-Path $Root "dist\requests.png"
    Invoke-Native $Cli @("gui", $Sample, "--section", "requests", "--screenshot", $Shot)
    if (-not (Test-Path $Shot) -or (Get-Item $Shot).Length -lt 1000) { throw "界面截图未生成：$Shot" }
}
Remove-Item Env:QT_QPA_PLATFORM

$Ico = Join-Path $Root "build\app.ico"
Invoke-Native $Python @("installer\make_icon.py", $Ico)
Get-ChineseMessages
$Iscc = Find-Iscc
if (-not $Iscc) {
    Install-PinnedInno
    $Iscc = Find-Iscc
    if (-not $Iscc) { throw "找不到 Inno Setup 6.5 或更新版本的 ISCC.exe" }
}
Write-Host "Inno Setup：$Iscc（$(Get-InnoVersion $Iscc)）"
Invoke-Native $Iscc @("/Qp", "/DAppVersion=$Version", "/DBundleDir=$Bundle", "/DSetupIcon=$Ico",
    "/DOutputDir=$(Join-Path $Root 'dist')", "installer\windows\report-editor.iss")
$SetupExe = Join-Path $Root "dist\gov-report-editor-setup-$Version.exe"
if (-not (Test-Path $SetupExe)) { throw "没有生成安装程序：$SetupExe" }
Write-Host ("安装程序：$SetupExe（{0:N1} MiB）" -f ((Get-Item $SetupExe).Length / 1MB))
