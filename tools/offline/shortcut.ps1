# Puts a shortcut to "启动 drafter.bat" on the desktop; run by install.bat. The bundle writes
# this file as UTF-8 with a BOM, which Windows PowerShell 5.1 needs to read Chinese.
# UNTESTED ON WINDOWS: see docs/offline.md.
$ErrorActionPreference = 'Stop'
$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$desktop = [Environment]::GetFolderPath('Desktop')
$shell = New-Object -ComObject WScript.Shell
$link = $shell.CreateShortcut((Join-Path $desktop '讲话稿起草 drafter.lnk'))
$link.TargetPath = Join-Path $here '启动 drafter.bat'
$link.WorkingDirectory = $here
$link.Description = '在浏览器里起草、检查、下载讲话稿（drafter serve）'
$link.Save()
